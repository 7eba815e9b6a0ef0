using System.Collections.Concurrent;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Reports;
using MfaBot.Conversation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Progress;

/// <summary>Keeps the manager's campaign card current (at most every ProgressInterval) and reports the deadline.</summary>
public sealed partial class ProgressReporter(
    CampaignStore store, ChannelAdapters channels, CampaignCards cards, DeliveryPace pace, DeadlineEnforcement enforcement,
    IOptions<CampaignOptions> options, TimeProvider clock, ILogger<ProgressReporter> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastShown = new(StringComparer.Ordinal);

    public async Task ShowAsync(Campaign campaign, IReadOnlyList<Invitee> invitees, CancellationToken ct, bool force = false)
    {
        var now = clock.GetUtcNow();
        var counts = CampaignCounts.Of(campaign, invitees, now);
        if (campaign.CardMessageId is not { } cardId || (counts == campaign.Shown && !force)) return;
        if (!force && _lastShown.TryGetValue(campaign.Id, out var last) && now - last < options.Value.ProgressInterval) return;
        _lastShown[campaign.Id] = now;
        try
        {
            using (OutboundPacing.Use(pace.ForConversation(campaign.Manager, campaign.ManagerConversation)))
                await channels.For(campaign.ManagerConversation).UpdateAsync(campaign.ManagerConversation, cardId, cards.Progress(campaign, counts, invitees), ct);
            await store.UpdateAsync(campaign.Id, c => c with { Shown = counts }, ct);
        }
        catch (ChannelDeliveryException e)
        {
            LogCardUpdateFailed(logger, e, campaign.Id);
        }
    }

    /// <summary>
    /// Closes the campaign once (an ETag-checked write decides which instance), makes MFA required if the campaign
    /// chose so, and tells the manager who is missing.
    /// </summary>
    public async Task CloseAtDeadlineAsync(Campaign campaign, CancellationToken ct)
    {
        var closed = await store.UpdateAsync(campaign.Id, c => c.Phase == CampaignPhase.Running ? c with { Phase = CampaignPhase.Closed } : null, ct);
        if (closed is null) return;
        var enforced = await enforcement.EnforceAsync(closed, ct);
        var chunks = await store.ChunksAsync(closed, ct);
        var invitees = chunks.SelectMany(c => c.Invitees).ToList();
        var now = clock.GetUtcNow();
        await ShowAsync(closed, invitees, ct, force: true);
        var missing = invitees.Count(i => i.State != InviteeState.Enrolled);
        var summary = missing == 0
            ? $"The deadline of your MFA campaign ({closed.Source}) has passed, and everyone is enrolled. Thank you!"
            : $"The deadline of your MFA campaign ({closed.Source}) has passed. {missing} of {closed.Total} people have not set up MFA yet.";
        if (closed.EnforceAtDeadline) summary += " " + CampaignCards.EnforcedReport(enforced, invitees);
        // One message: the report and, when someone is missing, who.
        var report = missing == 0 ? OutboundMessage.Say(summary)
            : StatusCards.First(closed, chunks, now, options.Value.StatusPageSize, "Still missing MFA at the deadline", summary);
        var to = closed.ManagerConversation;
        using (OutboundPacing.Use(pace.ForConversation(closed.Manager, to)))
            await channels.For(to).SendAsync(to, report, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not update the card of campaign {CampaignId}")]
    private static partial void LogCardUpdateFailed(ILogger logger, Exception e, string campaignId);
}

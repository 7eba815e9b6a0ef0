using MfaBot.Audit;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using MfaBot.Enforcement;
using Microsoft.Extensions.Logging;

namespace MfaBot.Campaigns.Progress;

/// <summary>
/// At the deadline of a campaign that chose "enforce": every invitee whose invitation went out (so they were told)
/// is put in the MFA enforcement group, recorded as enforced and told that MFA is now required. Runs after the
/// ETag-checked close, so on one instance; people already recorded are skipped if it ever runs again.
/// </summary>
public sealed partial class DeadlineEnforcement(
    CampaignStore store, MfaEnforcer enforcer, ChannelAdapters channels, DeliveryPace pace, TimeProvider clock, ILogger<DeadlineEnforcement> logger)
{
    /// <summary>Only people who got the invitation, which announced the enforcement, and have an IAM user.</summary>
    public static bool IsDue(Invitee i) => i.IamUser is not null && i.InvitedAt is not null && i.EnforcedAt is null;

    /// <returns>How many people are now enforced by this campaign.</returns>
    public async Task<int> EnforceAsync(Campaign campaign, CancellationToken ct)
    {
        if (!campaign.EnforceAtDeadline || !enforcer.IsEnabled) return 0;
        var actor = new AuditActor(campaign.Manager.Key, campaign.Manager.Name);
        var enforced = 0;
        for (var index = 0; index < campaign.ChunkCount; index++)
        {
            if (await store.GetChunkAsync(campaign.Id, index, ct) is not { } chunk) continue;
            var done = new Dictionary<int, DateTimeOffset>();
            foreach (var invitee in chunk.Value.Invitees.Where(IsDue))
            {
                if (await enforcer.EnforceAsync(invitee.IamUser!, actor, campaign.Id, ct) == EnforcementOutcome.Enforced)
                    done[invitee.N] = clock.GetUtcNow();
            }
            if (done.Count == 0) continue;
            // Recorded before anyone is told, so a repeat never tells twice.
            await store.UpdateChunkAsync(campaign.Id, index, c => c with
            {
                Invitees = [.. c.Invitees.Select(i => done.TryGetValue(i.N, out var at) ? i with { EnforcedAt = at } : i)],
            }, ct);
            foreach (var invitee in chunk.Value.Invitees.Where(i => done.ContainsKey(i.N))) await TellAsync(campaign, invitee, ct);
            enforced += done.Count;
        }
        return enforced;
    }

    private async Task TellAsync(Campaign campaign, Invitee invitee, CancellationToken ct)
    {
        if (invitee.User is not { } user || invitee.ConversationId is not { } id) return;
        var to = campaign.Origin with { Id = id, IsPersonal = true };
        var text = invitee.State == InviteeState.Enrolled
            ? $"As announced, MFA is now required for your AWS user **{invitee.IamUser}**. You are already set up: AWS asks for your code at sign-in, and the AWS CLI needs `aws sts get-session-token` with your code first."
            : $"As announced, MFA is now required for your AWS user **{invitee.IamUser}**. Until you set it up, AWS refuses everything you do except setting up MFA. Type **enroll** to do it now; it takes about two minutes.";
        try
        {
            using (OutboundPacing.Use(pace.ForConversation(user, to)))
                await channels.For(to).SendAsync(to, OutboundMessage.Say(text), ct);
        }
        catch (ChannelDeliveryException e)
        {
            LogNoticeFailed(logger, e, campaign.Id, invitee.N);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell invitee {N} of campaign {CampaignId} that MFA is now required")]
    private static partial void LogNoticeFailed(ILogger logger, Exception e, string campaignId, int n);
}

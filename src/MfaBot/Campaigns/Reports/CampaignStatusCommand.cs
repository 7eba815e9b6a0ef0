using MfaBot.Conversation;
using MfaBot.Campaigns.Progress;

namespace MfaBot.Campaigns.Reports;

/// <summary>"campaign status": who is pending, overdue or could not be invited, in the manager's private chat.</summary>
public sealed class CampaignStatusCommand(ManagerCampaigns campaigns, CampaignStore store, CampaignCards cards, TimeProvider clock) : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["campaign status", "campaign", "campaigns"];

    public string Step => Steps.CampaignStatus;

    public Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct) => ShowAsync(context, ct);

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => ShowAsync(context, ct);

    private async Task ShowAsync(TurnContext context, CancellationToken ct)
    {
        if (await campaigns.LatestAsync(context, ct) is not { } campaign) return;
        var invitees = await store.InviteesAsync(campaign, ct);
        await context.Channel.SendAsync(campaign.ManagerConversation, cards.Status(campaign, invitees, clock.GetUtcNow(), "Campaign status"), ct);
        if (!context.Conversation.IsPersonal) await context.SayAsync("I've sent the campaign status to our private chat.", ct);
    }
}

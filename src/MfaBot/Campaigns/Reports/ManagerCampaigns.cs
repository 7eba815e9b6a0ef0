using MfaBot.Campaigns.Access;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Reports;

/// <summary>The campaign a manager's "campaign …" command is about: their most recent confirmed one.</summary>
public sealed class ManagerCampaigns(CampaignStore store, ManagerPolicy policy)
{
    /// <returns>null after telling the person why (not a manager, no campaign).</returns>
    public async Task<Campaign?> LatestAsync(TurnContext context, CancellationToken ct)
    {
        if (await policy.CheckAsync(context, ct) is null)
        {
            await context.SayAsync(ManagerPolicy.Refusal, ct);
            return null;
        }
        Campaign? latest = null;
        await foreach (var c in store.ListAsync(ct))
            if (c.Manager.Key == context.User.Key && c.Phase != CampaignPhase.Preview && (latest is null || c.CreatedAt > latest.CreatedAt))
                latest = c;
        if (latest is null) await context.SayAsync("You have no MFA campaign yet. " + Invites.InviteSources.Usage, ct);
        return latest;
    }
}

using MfaBot.Campaigns.Access;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Reports;

/// <summary>The campaign a manager's "campaign …" command is about: their most recent confirmed one, or the one a card names.</summary>
public sealed class ManagerCampaigns(CampaignStore store, ManagerPolicy policy)
{
    /// <summary>The campaign a card button names (checked to be the clicking manager's own), else the latest.</summary>
    /// <returns>null after telling the person why.</returns>
    public async Task<Campaign?> ForCardAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (!action.Inputs.TryGetValue(StatusCards.CampaignInput, out var id)) return await LatestAsync(context, ct);
        if (await policy.CheckAsync(context, ct) is null)
        {
            await context.SayAsync(ManagerPolicy.Refusal, ct);
            return null;
        }
        // The id comes from a card: only the verified clicker's own, confirmed campaign is shown.
        var campaign = IsCampaignId(id) ? (await store.GetAsync(id, ct))?.Value : null;
        if (campaign is null || campaign.Manager.Key != context.User.Key || campaign.Phase == CampaignPhase.Preview)
        {
            await context.SayAsync("That campaign is no longer there. Type **campaign status** for your latest one.", ct);
            return null;
        }
        return campaign;
    }

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

    /// <summary>Campaign ids are 16 hex digits; anything else from a card is not looked up.</summary>
    private static bool IsCampaignId(string id) => id.Length == 16 && id.All(char.IsAsciiHexDigitLower);
}

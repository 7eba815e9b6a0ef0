using MfaBot.Audit;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Campaigns.Invites;

/// <summary>Confirm or Cancel on the preview card. Acts only on the clicking manager's own pending preview.</summary>
public sealed class PreviewSteps(CampaignStore campaigns, IStateStore store, CampaignSignal signal, CampaignAudit audit)
{
    public async Task ConfirmAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (await TakePreviewAsync(context, action, ct) is not { } campaign) return;
        var running = await campaigns.UpdateAsync(campaign.Id,
            c => c.Phase == CampaignPhase.Preview ? c with { Phase = CampaignPhase.Running, CardMessageId = c.PreviewMessageId, Shown = null } : null, ct);
        if (running is null) return;
        await audit.RecordAsync("campaign.started", context.User, campaign.Id, AuditOutcome.Success, ct, $"{campaign.Total} people");
        await context.Channel.SendAsync(campaign.ManagerConversation,
            OutboundMessage.Say($"Started. Invitations go out now; the card above shows progress. Type **campaign status** to see who is pending, or **campaign export** for a CSV."), ct);
        signal.Wake();
    }

    public async Task CancelAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (await TakePreviewAsync(context, action, ct) is not { } campaign) return;
        await campaigns.DeleteAsync(campaign, ct);
        var closed = OutboundMessage.Show("enroll-closed", new System.Text.Json.Nodes.JsonObject
        {
            ["title"] = "Invitations cancelled",
            ["reason"] = "Nobody was messaged.",
            ["nextStep"] = "Type **invite** to start again.",
        });
        if (campaign.PreviewMessageId is { } id) await context.Channel.UpdateAsync(campaign.ManagerConversation, id, closed, ct);
        else await context.SendAsync(closed, ct);
    }

    private async Task<Campaign?> TakePreviewAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        var key = PendingPreview.KeyFor(context.User);
        var pointer = await store.GetAsync<PendingPreview>(key, ct);
        var stored = pointer is null ? null : await campaigns.GetAsync(pointer.Value.CampaignId, ct);
        var campaign = stored?.Value;
        if (campaign is null || campaign.Phase != CampaignPhase.Preview || campaign.Manager.Key != context.User.Key
            || (action.CardMessageId is { } clicked && campaign.PreviewMessageId is { } shown && clicked != shown))
        {
            await context.SayAsync("That preview is no longer open (it was confirmed, cancelled, replaced or expired). Type **invite** to start a new one.", ct);
            return null;
        }
        try
        {
            await store.DeleteAsync(key, pointer!.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return null; // A double click: the first one acts.
        }
        return campaign;
    }
}

using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Reports;

/// <summary>
/// "campaign status": counts, reasons and the first page of who enrolled and who not yet, in the manager's private chat.
/// The card's "more" buttons turn that card into the next page of one list, reading only the chunks that page needs.
/// </summary>
public sealed class CampaignStatusCommand(
    ManagerCampaigns campaigns, CampaignStore store, IOptions<CampaignOptions> options, TimeProvider clock) : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["campaign status", "campaign", "campaigns"];

    public string Step => Steps.CampaignStatus;

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        if (await campaigns.LatestAsync(context, ct) is { } campaign) await ShowFirstAsync(context, campaign, ct);
    }

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (await campaigns.ForCardAsync(context, action, ct) is not { } campaign) return;
        if (action.Inputs.TryGetValue(StatusCards.ListInput, out var list) && StatusList.IsKnown(list) && PageCursor.Read(action.Inputs) is { } cursor)
            await ShowNextAsync(context, campaign, StatusCards.Page(list, cursor, options.Value.StatusPageSize, campaign, clock.GetUtcNow()), action.CardMessageId, ct);
        else
            await ShowFirstAsync(context, campaign, ct);
    }

    private async Task ShowFirstAsync(TurnContext context, Campaign campaign, CancellationToken ct)
    {
        var chunks = await store.ChunksAsync(campaign, ct);
        var card = StatusCards.First(campaign, chunks, clock.GetUtcNow(), options.Value.StatusPageSize, "Campaign status");
        await context.Channel.SendAsync(campaign.ManagerConversation, card, ct);
        if (!context.Conversation.IsPersonal) await context.SayAsync("I've sent the campaign status to our private chat.", ct);
    }

    /// <summary>The next page replaces the card it was asked from, so paging adds no message to the chat.</summary>
    private async Task ShowNextAsync(TurnContext context, Campaign campaign, PageCollector page, string? cardId, CancellationToken ct)
    {
        await foreach (var chunk in store.ChunksFromAsync(campaign, page.Start.Chunk, ct))
        {
            page.Add(chunk);
            if (page.Full) break;
        }
        var card = StatusCards.Next(campaign, page, clock.GetUtcNow());
        if (cardId is not null) await context.UpdateAsync(cardId, card, ct);
        else await context.SendAsync(card, ct);
    }
}

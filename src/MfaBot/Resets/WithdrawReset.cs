using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Enrollment;

namespace MfaBot.Resets;

/// <summary>"cancel" (when no setup is in progress) or "Withdraw request": the person takes back their open request.</summary>
public sealed class WithdrawReset(ResetStore store, ResetNotifier notifier, ResetAudit audit, TimeProvider clock) : ICancellable, ICardStep
{
    public string Step => ResetSteps.Cancel;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        // On a card, the card itself answers (one message per turn); typed "cancel" gets a text.
        if (await WithdrawAsync(context, action.CardMessageId, ct)) return;
        // "Never mind" on the confirmation card: nothing was ever sent.
        if (action.CardMessageId is { } cardId) await context.UpdateAsync(cardId, ResetCards.Answered(null, null), ct);
        else await context.SayAsync("OK, no reset request was sent. Nothing changed on your AWS user.", ct);
    }

    public Task<bool> TryCancelAsync(TurnContext context, CancellationToken ct) => WithdrawAsync(context, null, ct);

    private async Task<bool> WithdrawAsync(TurnContext context, string? cardId, CancellationToken ct)
    {
        if (await store.OpenForAsync(context.User, ct) is not { } open) return false;
        var person = ResetAgent.Of(context.User, null);
        var (written, before, refusal) = await store.UpdateAsync(open.Value.Id, r => r.IsPending
            ? ResetChange.To(r with { Status = ResetStatus.Cancelled, DecidedBy = person, DecidedAt = clock.GetUtcNow() })
            : ResetChange.Refuse($"Your reset request {r.ShortId} was already approved and is being carried out, so it can't be withdrawn."), ct);
        if (written is null)
        {
            if (before is null) return false;
            await context.SayAsync(refusal!, ct);
            return true;
        }
        var r = written.Value;
        await audit.RecordAsync("reset.cancelled", person, r, AuditOutcome.Success, ct);
        await notifier.RefreshCardAsync(r, ct);
        if (cardId is not null) await context.UpdateAsync(cardId, ResetCards.Withdrawn(r.IamUserName, r.ShortId), ct);
        else await context.SayAsync($"Withdrawn: your reset request {r.ShortId} was taken back from the helpdesk. Nothing changed on your AWS user.", ct);
        return true;
    }
}

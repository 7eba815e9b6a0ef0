using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Resets;

/// <summary>"Take": an agent claims the request so colleagues know someone is verifying the person.</summary>
public sealed class TakeReset(Helpdesk helpdesk, ResetStore store, ResetNotifier notifier, ResetAudit audit)
    : HelpdeskStep(helpdesk, store, audit)
{
    public override string Step => ResetSteps.Take;

    protected override string Verb => "take";

    protected override ResetChange Decide(ResetRequest current, ResetAgent agent, CardAction action)
    {
        if (!current.IsPending) return ResetChange.Refuse(NotPending(current));
        if (current.TakenBy is { } taken)
            return ResetChange.Refuse(taken.IsSamePersonAs(agent) ? $"You have already taken request {current.ShortId}." : $"Request {current.ShortId} was already taken by {taken.Name}.");
        return ResetChange.To(current with { Status = ResetStatus.Taken, TakenBy = agent });
    }

    protected override async Task OnDecidedAsync(TurnContext context, Stored<ResetRequest> written, ResetAgent agent, CancellationToken ct)
    {
        await Audit.RecordAsync("reset.taken", agent, written.Value, AuditOutcome.Success, ct);
        await notifier.RefreshCardAsync(written.Value, ct);
    }
}

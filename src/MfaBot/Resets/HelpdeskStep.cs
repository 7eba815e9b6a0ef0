using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Resets;

/// <summary>
/// A helpdesk button on a request card. Every click is authorized on the server from the verified identity;
/// the card only says which request (its id) and what the agent typed. The decision is then made against the
/// stored request and written with its ETag, so concurrent clicks are judged one after the other. A refusal is told
/// to the clicker alone: the helpdesk thread keeps only the request and its decisions.
/// </summary>
public abstract class HelpdeskStep(Helpdesk helpdesk, ResetStore store, ResetAudit audit) : ICardStep
{
    protected ResetAudit Audit { get; } = audit;

    public abstract string Step { get; }

    /// <summary>Verb for messages and audit names: "take", "approve", "deny".</summary>
    protected abstract string Verb { get; }

    /// <summary>Reads typed inputs before anything is loaded; returns what to tell the agent when unusable.</summary>
    protected virtual string? ReadInputs(CardAction action) => null;

    protected abstract ResetChange Decide(ResetRequest current, ResetAgent agent, CardAction action);

    protected abstract Task OnDecidedAsync(TurnContext context, Stored<ResetRequest> written, ResetAgent agent, CancellationToken ct);

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        if (await helpdesk.AuthorizeAsync(context, ct) is not { } agent)
        {
            await Audit.RecordAsync("reset.refused", ResetAgent.Of(context.User, null), null, AuditOutcome.Denied, ct, $"{Verb}: not a helpdesk member");
            await helpdesk.TellClickerAsync(context, "Only helpdesk members can act on MFA reset requests. Nothing was changed.", ct);
            return;
        }
        if (ReadInputs(action) is { } problem)
        {
            await helpdesk.TellClickerAsync(context, problem, ct);
            return;
        }
        var id = action.Inputs.GetValueOrDefault(ResetSteps.RequestIdInput) ?? "";
        var (written, before, refusal) = await store.UpdateAsync(id, current => agent.IsRequesterOf(current)
            ? ResetChange.Refuse($"Request {current.ShortId} is your own reset request, so you can't take, approve or deny it from this or any other chat account: another helpdesk member must handle it. Nothing was changed.")
            : Decide(current, agent, action), ct);
        if (before is null)
        {
            await Audit.RecordAsync("reset.refused", agent, null, AuditOutcome.Denied, ct, $"{Verb}: no such request");
            await helpdesk.TellClickerAsync(context, "I can't find that reset request. Nothing was changed.", ct);
            return;
        }
        if (written is null)
        {
            await Audit.RecordAsync("reset.refused", agent, before, AuditOutcome.Denied, ct, $"{Verb}: {refusal}");
            await helpdesk.TellClickerAsync(context, refusal ?? "Nothing was changed.", ct);
            return;
        }
        await OnDecidedAsync(context, written, agent, ct);
    }

    /// <summary>Why a request that is no longer waiting cannot be acted on.</summary>
    protected static string NotPending(ResetRequest r) => r.Status switch
    {
        ResetStatus.Removing => $"Request {r.ShortId} was already approved by {r.DecidedBy?.Name}; its devices are being removed.",
        ResetStatus.Completed => $"Request {r.ShortId} was already approved by {r.DecidedBy?.Name}. Nothing more to do.",
        ResetStatus.Denied => $"Request {r.ShortId} was already denied by {r.DecidedBy?.Name}.",
        ResetStatus.Cancelled => $"Request {r.ShortId} was withdrawn by the person.",
        ResetStatus.Expired => $"Request {r.ShortId} has expired.",
        _ => $"Request {r.ShortId} is waiting for a decision.",
    };
}

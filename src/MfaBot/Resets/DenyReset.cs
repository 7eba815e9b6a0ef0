using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Resets;

/// <summary>"Deny request" with a reason the person will see; nothing changes in IAM.</summary>
public sealed class DenyReset(Helpdesk helpdesk, ResetStore store, ResetNotifier notifier, ResetAudit audit,
    IOptions<ResetOptions> options, TimeProvider clock) : HelpdeskStep(helpdesk, store, audit)
{
    public override string Step => ResetSteps.Deny;

    protected override string Verb => "deny";

    protected override string? ReadInputs(CardAction action) =>
        ReasonOf(action, out _) is { } problem ? problem + " The person sees this reason; nothing was changed." : null;

    protected override ResetChange Decide(ResetRequest current, ResetAgent agent, CardAction action)
    {
        if (!current.IsPending) return ResetChange.Refuse(NotPending(current));
        ReasonOf(action, out var reason);
        return ResetChange.To(current with { Status = ResetStatus.Denied, DecidedBy = agent, DecidedAt = clock.GetUtcNow(), DenyReason = reason });
    }

    private string? ReasonOf(CardAction action, out string reason) =>
        ResetReason.TryRead(action.Inputs.GetValueOrDefault(ResetSteps.DenyReasonInput), options.Value.MaxReasonLength, out reason);

    protected override async Task OnDecidedAsync(TurnContext context, Stored<ResetRequest> written, ResetAgent agent, CancellationToken ct)
    {
        var r = written.Value;
        await Audit.RecordAsync("reset.denied", agent, r, AuditOutcome.Success, ct, "reason: " + r.DenyReason);
        await notifier.RefreshCardAsync(r, ct);
        await notifier.TellPersonAsync(r, OutboundMessage.Say(
            $"The helpdesk ({agent.Name}) denied your MFA reset request {r.ShortId}: \"{r.DenyReason}\". Nothing was changed on your AWS user. If you still need help, contact the helpdesk directly."), ct);
    }
}

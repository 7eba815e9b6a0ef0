using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Resets;

/// <summary>
/// "Approve": records the agent's approval; once enough different people approved, the request moves to
/// Removing (one writer wins) and the executor removes the devices. Approvals count people, not chat accounts.
/// </summary>
public sealed class ApproveReset(Helpdesk helpdesk, ResetStore store, ResetNotifier notifier, ResetExecutor executor,
    ResetAudit audit, TimeProvider clock) : HelpdeskStep(helpdesk, store, audit)
{
    public override string Step => ResetSteps.Approve;

    protected override string Verb => "approve";

    protected override ResetChange Decide(ResetRequest current, ResetAgent agent, CardAction action) => Approval(current, agent, clock.GetUtcNow());

    /// <summary>The agent's approval added to <paramref name="current"/>; Removing once enough different people approved.</summary>
    public static ResetChange Approval(ResetRequest current, ResetAgent agent, DateTimeOffset now)
    {
        if (!current.IsPending) return ResetChange.Refuse(NotPending(current));
        if (current.Approvals.FirstOrDefault(a => a.IsSamePersonAs(agent)) is { } earlier)
            return ResetChange.Refuse($"You have already approved request {current.ShortId}{(earlier.Key == agent.Key ? "" : " from another of your chat accounts")}. Approvals count people, not accounts, so a different helpdesk member must approve it too. Nothing was changed.");
        var approved = current with { Approvals = [.. current.Approvals, agent], TakenBy = current.TakenBy ?? agent, Status = ResetStatus.Taken, LastError = null };
        return approved.Approvals.Count < current.RequiredApprovals
            ? ResetChange.To(approved)
            : ResetChange.To(approved with { Status = ResetStatus.Removing, DecidedBy = agent, DecidedAt = now });
    }

    protected override async Task OnDecidedAsync(TurnContext context, Stored<ResetRequest> written, ResetAgent agent, CancellationToken ct)
    {
        var r = written.Value;
        await Audit.RecordAsync("reset.approved", agent, r, AuditOutcome.Success, ct, $"approval {r.Approvals.Count} of {r.RequiredApprovals}");
        if (r.Status == ResetStatus.Removing)
        {
            await executor.CarryOutAsync(r, ct);
            return;
        }
        // The card now shows "approved so far by …" and the two-approver rule: no second message says the same.
        await notifier.RefreshCardAsync(r, ct);
    }
}

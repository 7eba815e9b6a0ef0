using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Coordination;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Resets;

/// <summary>
/// Keeps requests moving: posts again the ones nobody decided (or whose post failed), expires the old ones,
/// resumes approved removals interrupted by a crash, and forgets closed requests (the audit trail keeps them).
/// </summary>
public sealed class ResetSweeper(ResetStore store, ResetNotifier notifier, ResetExecutor executor, ResetAudit audit,
    IOptions<ResetOptions> options, ILeaseManager leases, IOptions<CoordinationOptions> coordination, TimeProvider clock,
    ILogger<ResetSweeper> logger) : LeasedSweeper(leases, coordination, logger)
{
    protected override string LeaseName => "sweeper/resets";

    protected override TimeSpan Interval => options.Value.SweepInterval;

    /// <summary>A request is posted by the turn that created it; only when that has not happened after this long does the sweeper post it.</summary>
    private static readonly TimeSpan FirstPostGrace = TimeSpan.FromMinutes(1);

    public override async Task SweepAsync(CancellationToken ct)
    {
        var o = options.Value;
        await foreach (var id in store.ListIdsAsync(ct))
        {
            if (await store.GetAsync(id, ct) is not { } stored) continue;
            var r = stored.Value;
            var now = clock.GetUtcNow();
            if (r.IsPending && now - r.CreatedAt >= o.ExpireAfter) await ExpireAsync(r, ct);
            else if (r.IsPending && now >= (r.AnnouncedAt is { } at ? at + o.ReannounceAfter : r.CreatedAt + FirstPostGrace)) await notifier.AnnounceAsync(r, ct);
            else if (r.Status == ResetStatus.Removing && now - (r.DecidedAt ?? r.CreatedAt) >= o.ResumeRemovalAfter) await ResumeAsync(r, ct);
            else if (!r.IsOpen && now - (r.DecidedAt ?? r.CreatedAt) >= o.ExpireAfter) await store.ForgetAsync(stored, ct);
        }
    }

    private async Task ExpireAsync(ResetRequest request, CancellationToken ct)
    {
        var (written, _, _) = await store.UpdateAsync(request.Id, r => r.IsPending
            ? ResetChange.To(r with { Status = ResetStatus.Expired, DecidedAt = clock.GetUtcNow() })
            : ResetChange.Refuse("decided meanwhile"), ct);
        if (written is null) return;
        await audit.RecordAsync("reset.expired", ResetAudit.System, written.Value, AuditOutcome.Success, ct);
        await notifier.RefreshCardAsync(written.Value, ct);
        await notifier.TellPersonAsync(written.Value, OutboundMessage.Say(
            $"Your MFA reset request {written.Value.ShortId} expired before the helpdesk could handle it. Nothing was changed on your AWS user. If you still need a reset, type **reset** to ask again or contact the helpdesk directly."), ct);
    }

    /// <summary>Claims the interrupted removal (the ETag lets one sweeper win) and runs it again; IAM calls tolerate devices already gone.</summary>
    private async Task ResumeAsync(ResetRequest request, CancellationToken ct)
    {
        var (claimed, _, _) = await store.UpdateAsync(request.Id, r => r.Status == ResetStatus.Removing && r.DecidedAt == request.DecidedAt
            ? ResetChange.To(r with { DecidedAt = clock.GetUtcNow() })
            : ResetChange.Refuse("resumed elsewhere"), ct);
        if (claimed is null) return;
        await audit.RecordAsync("reset.resumed", ResetAudit.System, claimed.Value, AuditOutcome.Success, ct);
        await executor.CarryOutAsync(claimed.Value, ct);
    }
}

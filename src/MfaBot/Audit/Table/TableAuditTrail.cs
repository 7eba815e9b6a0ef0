namespace MfaBot.Audit.Table;

/// <summary>
/// <see cref="IAuditTrail"/> on the audit table: validates, stamps the time, appends (concurrent events share one
/// transaction), then logs the event. The row is committed before RecordAsync returns.
/// </summary>
public sealed class TableAuditTrail : IAuditTrail, IDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger<TableAuditTrail> _logger;
    private readonly GroupCommit<AuditEvent> _commits;

    public TableAuditTrail(IAuditTable table, TimeProvider time, ILogger<TableAuditTrail> logger)
    {
        _time = time;
        _logger = logger;
        _commits = new GroupCommit<AuditEvent>(batch => table.AppendAsync(batch, CancellationToken.None));
    }

    public async Task RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Validate();
        var stamped = e with { Time = AuditChain.Normalize(e.Time ?? _time.GetUtcNow()) };
        await _commits.WriteAsync(stamped);
        AuditLog.Recorded(_logger, stamped.Action, stamped.Outcome, stamped.Actor.Id, stamped.Actor.DisplayName, stamped.Actor.Email,
            stamped.IamUser, stamped.SerialNumber, stamped.IamRequestId, stamped.CorrelationId, stamped.Detail);
    }

    public void Dispose() => _commits.Dispose();
}

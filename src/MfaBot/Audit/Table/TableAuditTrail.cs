namespace MfaBot.Audit.Table;

/// <summary>
/// <see cref="IAuditTrail"/> on the audit table: validates, stamps the time, appends, then logs the event. The row is
/// committed before RecordAsync returns; each table groups concurrent appends into one transaction its own way.
/// </summary>
public sealed class TableAuditTrail(IAuditTable table, TimeProvider time, ILogger<TableAuditTrail> logger) : IAuditTrail
{

    public async Task RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Validate();
        var stamped = e with { Time = AuditChain.Normalize(e.Time ?? time.GetUtcNow()) };
        // Once taken the event must be written whatever the turn does next, so the append is not cancellable.
        await table.AppendAsync([stamped], CancellationToken.None);
        AuditLog.Recorded(logger, stamped.Action, stamped.Outcome, stamped.Actor.Id, stamped.Actor.DisplayName, stamped.Actor.Email,
            stamped.IamUser, stamped.SerialNumber, stamped.IamRequestId, stamped.CorrelationId, stamped.Detail);
    }
}

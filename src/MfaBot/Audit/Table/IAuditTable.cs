namespace MfaBot.Audit.Table;

/// <summary>The audit table in the state database (SQLite or PostgreSQL): append and read, never update or delete.</summary>
public interface IAuditTable
{
    /// <summary>Appends the events (stamped, normalized, valid) in order, in one transaction, durable when this returns.</summary>
    Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct);

    /// <summary>Rows in id order with <paramref name="from"/> &lt;= time &lt; <paramref name="to"/>; null means unbounded.</summary>
    IAsyncEnumerable<AuditRow> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, CancellationToken ct);
}

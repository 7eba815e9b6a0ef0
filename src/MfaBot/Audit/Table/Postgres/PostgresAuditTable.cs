using System.Runtime.CompilerServices;
using Npgsql;

namespace MfaBot.Audit.Table.Postgres;

/// <summary>
/// The audit table in the shared PostgreSQL database. A transaction-scoped advisory lock is taken before the chain's
/// end is read, so instances appending at the same moment wait for each other and still build one chain. Events of
/// concurrent turns in this instance share one transaction (<see cref="GroupCommit{T}"/>), so one lock and commit.
/// </summary>
public sealed class PostgresAuditTable : IAuditTable, IDisposable
{
    // Any constant that differs from the schema lock's; the same in every instance ("MfaAud" in ASCII).
    private const long AppendLockId = 0x4D6661417564;

    private readonly NpgsqlDataSource _dataSource;
    private readonly GroupCommit<AuditEvent> _commits;

    public PostgresAuditTable(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
        _commits = new GroupCommit<AuditEvent>(batch => AppendNowAsync(batch, CancellationToken.None));
    }

    // Each event is queued before the first wait, so the chain keeps their order.
    public Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct) => Task.WhenAll(events.Select(_commits.WriteAsync));

    public void Dispose() => _commits.Dispose();

    private async Task AppendNowAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(" + AppendLockId + ")", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(ct);
        await AuditSql.AppendAsync(connection, transaction, events, t => t, ct);
        await transaction.CommitAsync(ct);
    }

    public async IAsyncEnumerable<AuditRow> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var command = AuditSql.Select(connection, from, to, t => t);
        await foreach (var row in AuditSql.ReadAsync(command, r => r.GetFieldValue<DateTimeOffset>(1), ct)) yield return row;
    }
}

using System.Runtime.CompilerServices;
using Npgsql;

namespace MfaBot.Audit.Table.Postgres;

/// <summary>
/// The audit table in the shared PostgreSQL database. A transaction-scoped advisory lock is taken before the chain's
/// end is read, so instances appending at the same moment wait for each other and still build one chain.
/// </summary>
public sealed class PostgresAuditTable(NpgsqlDataSource dataSource) : IAuditTable
{
    // Any constant that differs from the schema lock's; the same in every instance ("MfaAud" in ASCII).
    private const long AppendLockId = 0x4D6661417564;

    public async Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(" + AppendLockId + ")", connection, transaction))
            await lockCommand.ExecuteNonQueryAsync(ct);
        await AuditSql.AppendAsync(connection, transaction, events, t => t, ct);
        await transaction.CommitAsync(ct);
    }

    public async IAsyncEnumerable<AuditRow> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = AuditSql.Select(connection, from, to, t => t);
        await foreach (var row in AuditSql.ReadAsync(command, r => r.GetFieldValue<DateTimeOffset>(1), ct)) yield return row;
    }
}

using System.Runtime.CompilerServices;
using MfaBot.Storage;
using MfaBot.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace MfaBot.Audit.Table.Sqlite;

/// <summary>
/// The audit table in the state store's SQLite file. One process owns the file (its lock) and BEGIN IMMEDIATE takes
/// the write lock before the chain's end is read, so appends form one line.
/// </summary>
public sealed class SqliteAuditTable(SqliteDatabase database) : IAuditTable
{
    // Group-committed with the state writes of the same moment: one fsync for all of them.
    public Task AppendAsync(IReadOnlyList<AuditEvent> events, CancellationToken ct) =>
        database.WriteAsync((connection, transaction) =>
        {
            Append(connection, transaction, events);
            return true;
        });

    /// <summary>Appends inside a transaction the caller holds (the import of the former .jsonl files).</summary>
    public static void Append(SqliteConnection connection, SqliteTransaction transaction, IEnumerable<AuditEvent> events) =>
        AuditSql.AppendAsync(connection, transaction, events, Time, CancellationToken.None).GetAwaiter().GetResult();

    public async IAsyncEnumerable<AuditRow> ReadAsync(DateTimeOffset? from, DateTimeOffset? to, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var connection = database.Connect();
        await using var command = AuditSql.Select(connection, from, to, Time);
        await foreach (var row in AuditSql.ReadAsync(command, r => AuditChain.ParseTime(r.GetString(1)), ct)) yield return row;
    }

    private static object Time(DateTimeOffset time) => AuditChain.FormatTime(time);
}

using System.Data.Common;
using System.Runtime.CompilerServices;

namespace MfaBot.Audit.Table;

/// <summary>
/// The SQL both databases share. Only the time column differs (SQLite: fixed-format text; PostgreSQL: timestamptz),
/// so callers pass how to write and read it.
/// </summary>
internal static class AuditSql
{
    private const string Columns = "id, time, actor_id, actor_name, actor_email, action, outcome, iam_user, serial_number, iam_request_id, correlation_id, detail, prev_hash, hash";

    /// <summary>The chain's end: (0, genesis) for an empty table.</summary>
    public static async Task<(long Id, string Hash)> LastAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, hash FROM mfabot_audit ORDER BY id DESC LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : (0, AuditChain.Genesis);
    }

    /// <summary>Links <paramref name="events"/> after the chain's end and inserts them; the caller holds the writer's lock.</summary>
    public static async Task AppendAsync(DbConnection connection, DbTransaction transaction, IEnumerable<AuditEvent> events, Func<DateTimeOffset, object> time, CancellationToken ct)
    {
        var (lastId, lastHash) = await LastAsync(connection, transaction, ct);
        foreach (var row in AuditChain.Link(lastId, lastHash, events))
        {
            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = $"INSERT INTO mfabot_audit ({Columns}) VALUES (@id, @time, @actor_id, @actor_name, @actor_email, @action, @outcome, @iam_user, @serial_number, @iam_request_id, @correlation_id, @detail, @prev_hash, @hash)";
            var e = row.Event;
            Add(insert, "@id", row.Id);
            Add(insert, "@time", time(e.Time!.Value));
            Add(insert, "@actor_id", e.Actor.Id);
            Add(insert, "@actor_name", e.Actor.DisplayName);
            Add(insert, "@actor_email", e.Actor.Email);
            Add(insert, "@action", e.Action);
            Add(insert, "@outcome", e.Outcome.ToString());
            Add(insert, "@iam_user", e.IamUser);
            Add(insert, "@serial_number", e.SerialNumber);
            Add(insert, "@iam_request_id", e.IamRequestId);
            Add(insert, "@correlation_id", e.CorrelationId);
            Add(insert, "@detail", e.Detail);
            Add(insert, "@prev_hash", row.PrevHash);
            Add(insert, "@hash", row.Hash);
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>A SELECT of the rows in a time range, in id order; the time parameters are written with <paramref name="time"/>.</summary>
    public static DbCommand Select(DbConnection connection, DateTimeOffset? from, DateTimeOffset? to, Func<DateTimeOffset, object> time)
    {
        var command = connection.CreateCommand();
        var where = new List<string>();
        if (from is { } f)
        {
            where.Add("time >= @from");
            Add(command, "@from", time(AuditChain.Normalize(f)));
        }
        if (to is { } t)
        {
            where.Add("time < @to");
            Add(command, "@to", time(AuditChain.Normalize(t)));
        }
        command.CommandText = $"SELECT {Columns} FROM mfabot_audit{(where.Count == 0 ? "" : " WHERE " + string.Join(" AND ", where))} ORDER BY id";
        return command;
    }

    public static async IAsyncEnumerable<AuditRow> ReadAsync(DbCommand command, Func<DbDataReader, DateTimeOffset> time, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var e = new AuditEvent
            {
                Time = time(reader),
                Actor = new AuditActor(reader.GetString(2), Text(reader, 3), Text(reader, 4)),
                Action = reader.GetString(5),
                // An unknown outcome (an edit around the trigger) reads as -1 and fails the chain check rather than the read.
                Outcome = Enum.TryParse<AuditOutcome>(reader.GetString(6), out var outcome) ? outcome : (AuditOutcome)(-1),
                IamUser = Text(reader, 7),
                SerialNumber = Text(reader, 8),
                IamRequestId = Text(reader, 9),
                CorrelationId = Text(reader, 10),
                Detail = Text(reader, 11),
            };
            yield return new AuditRow(reader.GetInt64(0), e, reader.GetString(12), reader.GetString(13));
        }
    }

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}

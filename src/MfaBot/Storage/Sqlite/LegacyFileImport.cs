using System.Globalization;
using System.Text.Json;
using MfaBot.Audit;
using MfaBot.Audit.Table;
using MfaBot.Audit.Table.Sqlite;
using Microsoft.Data.Sqlite;

namespace MfaBot.Storage.Sqlite;

/// <summary>
/// Retires the former file store (<see cref="FileStateStore"/>: one JSON record per key in "&lt;DataFolder&gt;/state").
/// Every record is imported in one transaction, with its key, value and ETag, then the folder is moved to
/// "&lt;DataFolder&gt;/imported-&lt;yyyy-MM-dd&gt;/state". A crash between the commit and the move imports again at the next
/// start, where the rows already there win: after the commit only the database is written.
/// The former audit trail ("&lt;DataFolder&gt;/audit/*.jsonl") goes into mfabot_audit in the same transaction, chained in
/// file and line order with the original times, and its folder moves to "imported-&lt;yyyy-MM-dd&gt;/audit". A marker row
/// per file in mfabot_state keeps a second run (after a crash before the move) from importing a file twice.
/// </summary>
internal static class LegacyFileImport
{
    public const string LegacyFolder = "state";
    public const string LegacyAuditFolder = "audit";
    public const string AuditMarkerPrefix = "legacy-import/audit/";

    /// <returns>The numbers of records and audit events imported; 0 when there was no former store or trail.</returns>
    public static (int Records, int AuditEvents) Run(SqliteConnection connection, string dataFolder)
    {
        var folder = Path.Combine(Path.GetFullPath(dataFolder), LegacyFolder);
        var auditFolder = Path.Combine(Path.GetFullPath(dataFolder), LegacyAuditFolder);
        var (hasState, hasAudit) = (Directory.Exists(folder), Directory.Exists(auditFolder));
        if (!hasState && !hasAudit) return (0, 0);
        // Everything is read and checked before the transaction: a bad file or line imports nothing.
        List<StateFileRecord> records = hasState ? [.. Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Read)] : [];
        List<(string File, List<AuditEvent> Events)> trail = hasAudit
            ? [.. Directory.EnumerateFiles(auditFolder, "*.jsonl").Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), ReadAudit(f)))]
            : [];
        var auditEvents = 0;
        using (var transaction = connection.BeginTransaction(deferred: false))
        {
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO mfabot_state (key, value, etag, updated_at) VALUES (@key, @value, @etag, @now) ON CONFLICT (key) DO NOTHING";
            var key = insert.Parameters.Add("@key", SqliteType.Text);
            var value = insert.Parameters.Add("@value", SqliteType.Text);
            var etag = insert.Parameters.Add("@etag", SqliteType.Text);
            insert.Parameters.Add("@now", SqliteType.Text).Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
            foreach (var record in records)
            {
                (key.Value, value.Value, etag.Value) = (record.Key, record.Value.GetRawText(), record.ETag);
                insert.ExecuteNonQuery();
            }
            foreach (var (file, events) in trail)
            {
                (key.Value, value.Value, etag.Value) = (AuditMarkerPrefix + file, $"{{\"events\":{events.Count}}}", "imported");
                if (insert.ExecuteNonQuery() == 0) continue;
                SqliteAuditTable.Append(connection, transaction, events);
                auditEvents += events.Count;
            }
            transaction.Commit();
        }
        if (hasState) Directory.Move(folder, Destination(dataFolder, LegacyFolder));
        if (hasAudit) Directory.Move(auditFolder, Destination(dataFolder, LegacyAuditFolder));
        return (records.Count, auditEvents);
    }

    private static List<AuditEvent> ReadAudit(string path)
    {
        var events = new List<AuditEvent>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                var e = JsonSerializer.Deserialize<AuditEvent>(line, StateJson.Options) ?? throw new JsonException("empty");
                e.Validate();
                events.Add(e with { Time = AuditChain.Normalize(e.Time ?? throw new JsonException("no time")) });
            }
            catch (Exception ex) when (ex is JsonException or ArgumentException or NotSupportedException)
            {
                // The message names the field at fault, never the line's text.
                throw new InvalidOperationException(
                    $"Could not import the former audit file {path} line {number}: it is not a readable audit event ({ex.GetType().Name}). Nothing was imported; fix or remove the line and start again.", ex);
            }
        }
        return events;
    }

    private static StateFileRecord Read(string path)
    {
        try
        {
            var record = JsonSerializer.Deserialize<StateFileRecord>(File.ReadAllBytes(path), StateJson.Options) ?? throw new JsonException("empty");
            StateKey.Validate(record.Key);
            return record;
        }
        catch (Exception e) when (e is JsonException or ArgumentException or IOException)
        {
            throw new InvalidOperationException(
                $"Could not import the former state file {path}: it is not a readable state record ({e.Message}). Nothing was imported; fix or remove the file and start again.", e);
        }
    }

    private static string Destination(string dataFolder, string name)
    {
        var imported = PrivateFiles.CreateFolder(Path.Combine(Path.GetFullPath(dataFolder), "imported-" + DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).FullName;
        var target = Path.Combine(imported, name);
        for (var n = 2; Directory.Exists(target); n++) target = Path.Combine(imported, $"{name}-{n}");
        return target;
    }
}

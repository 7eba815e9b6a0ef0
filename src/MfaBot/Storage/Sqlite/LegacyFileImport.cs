using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace MfaBot.Storage.Sqlite;

/// <summary>
/// Retires the former file store (<see cref="FileStateStore"/>: one JSON record per key in "&lt;DataFolder&gt;/state").
/// Every record is imported in one transaction, with its key, value and ETag, then the folder is moved to
/// "&lt;DataFolder&gt;/imported-&lt;yyyy-MM-dd&gt;/state". A crash between the commit and the move imports again at the next
/// start, where the rows already there win: after the commit only the database is written.
/// </summary>
internal static class LegacyFileImport
{
    public const string LegacyFolder = "state";

    /// <returns>The number of records imported; 0 when there was no former store.</returns>
    public static int Run(SqliteConnection connection, string dataFolder)
    {
        var folder = Path.Combine(Path.GetFullPath(dataFolder), LegacyFolder);
        if (!Directory.Exists(folder)) return 0;
        var records = Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(Read).ToList();
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
            transaction.Commit();
        }
        Directory.Move(folder, Destination(dataFolder));
        return records.Count;
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

    private static string Destination(string dataFolder)
    {
        var imported = PrivateFiles.CreateFolder(Path.Combine(Path.GetFullPath(dataFolder), "imported-" + DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))).FullName;
        var target = Path.Combine(imported, LegacyFolder);
        for (var n = 2; Directory.Exists(target); n++) target = Path.Combine(imported, $"{LegacyFolder}-{n}");
        return target;
    }
}

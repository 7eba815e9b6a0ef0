using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MfaBot.Coordination;
using Microsoft.Data.Sqlite;

namespace MfaBot.Storage.Sqlite;

/// <summary>
/// <see cref="IStateStore"/> in one table of the embedded SQLite file (<see cref="SqliteDatabase"/>): the single-instance
/// default. The ETag is random per write, so it never repeats, not even after a delete and re-create; every check and
/// write is one statement, atomic on its own. Writes wait for the WAL's fsync on <see cref="DiskThreads"/>, not on pool threads.
/// </summary>
public sealed class SqliteStateStore : IStateStore, IWriteHealth, IDisposable
{
    private const string Changed = "The state entry changed or is gone since it was read (ETag mismatch).";

    private readonly SqliteDatabase _database;

    private SqliteStateStore(SqliteDatabase database, (int Records, int AuditEvents) imported)
    {
        _database = database;
        (Imported, ImportedAuditEvents) = imported;
    }

    public string DatabasePath => _database.Path;

    /// <summary>The file this store holds, for start-up checks and tests.</summary>
    public SqliteDatabase Database => _database;

    /// <summary>How many records of a former file store this start imported.</summary>
    public int Imported { get; }

    /// <summary>How many lines of a former .jsonl audit trail this start imported into mfabot_audit.</summary>
    public int ImportedAuditEvents { get; }

    /// <summary>Opens (or creates) "&lt;dataFolder&gt;/mfabot.db", migrates it and imports a former file store's state.</summary>
    /// <param name="maxMegabytes">Storage:MaxDatabaseMegabytes (0: no limit but the disk's).</param>
    /// <exception cref="InvalidOperationException">The folder is in use by another process, or the file is damaged: one clear line.</exception>
    public static SqliteStateStore Open(string dataFolder, int maxMegabytes = 0)
    {
        var database = SqliteDatabase.Open(dataFolder, maxMegabytes);
        try
        {
            var imported = database.Guard(() =>
            {
                using var connection = database.Connect();
                SqliteSchema.Migrate(connection);
                return LegacyFileImport.Run(connection, dataFolder);
            });
            return new SqliteStateStore(database, imported);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>A running bot's state, read-only and without its lock (see <see cref="SqliteDatabase.OpenReadOnly"/>).</summary>
    public static SqliteStateStore OpenReadOnly(string dataFolder) => new(SqliteDatabase.OpenReadOnly(dataFolder), (0, 0));

    public Task<Stored<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_database.Guard(() =>
        {
            using var connection = _database.Connect();
            using var command = Command(connection, "SELECT value, etag FROM mfabot_state WHERE key = @key", ("@key", key));
            using var reader = command.ExecuteReader();
            return reader.Read() ? new Stored<T>(JsonSerializer.Deserialize<T>(reader.GetString(0), StateJson.Options)!, reader.GetString(1)) : null;
        }));
    }

    public async Task<string> PutAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var json = JsonSerializer.Serialize(value, StateJson.Options);
        var next = NewETag();
        var sql = etag is null
            ? "INSERT INTO mfabot_state (key, value, etag, updated_at) VALUES (@key, @value, @next, @now) ON CONFLICT (key) DO NOTHING"
            : "UPDATE mfabot_state SET value = @value, etag = @next, updated_at = @now WHERE key = @key AND etag = @etag";
        var changed = await WriteAsync(Synced(key), sql, ("@key", key), ("@value", json), ("@next", next), ("@now", Now()), ("@etag", etag ?? ""));
        if (changed == 0) throw new ConcurrencyConflictException(key, etag is null ? "The state entry already exists." : Changed);
        return next;
    }

    public async Task DeleteAsync(string key, string? etag, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var changed = etag is null
            ? await WriteAsync(Synced(key), "DELETE FROM mfabot_state WHERE key = @key", ("@key", key))
            : await WriteAsync(Synced(key), "DELETE FROM mfabot_state WHERE key = @key AND etag = @etag", ("@key", key), ("@etag", etag));
        if (etag is not null && changed == 0) throw new ConcurrencyConflictException(key, Changed);
    }

    public IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        // All keys are read first, so a caller that writes while iterating holds no reader open.
        var keys = _database.Guard(() =>
        {
            using var connection = _database.Connect();
            var end = KeyRange.EndOf(prefix);
            using var command = end is null
                ? Command(connection, "SELECT key FROM mfabot_state WHERE key >= @start", ("@start", prefix))
                : Command(connection, "SELECT key FROM mfabot_state WHERE key >= @start AND key < @end", ("@start", prefix), ("@end", end));
            using var reader = command.ExecuteReader();
            var found = new List<string>();
            while (reader.Read()) found.Add(reader.GetString(0));
            return found;
        });
        // SQLite orders by UTF-8 bytes (code points); the contract's order is .NET's ordinal (UTF-16 units).
        keys.Sort(StringComparer.Ordinal);
        return keys.ToAsyncEnumerable();
    }

    public string? WriteFailure(DateTimeOffset now) => _database.WriteFailure(now);

    public void Dispose() => _database.Dispose();

    /// <summary>
    /// Delivery claims (<see cref="StoreDuplicateGuard"/>) are written without an fsync of their own: they survive the
    /// process dying, and a power loss can only forget the last moments' claims, so a redelivery after it is answered
    /// again. Every other state change is synced before its caller goes on. A help turn then costs no fsync at all.
    /// </summary>
    private static bool Synced(string key) => !key.StartsWith(StoreDuplicateGuard.Prefix, StringComparison.Ordinal);

    private Task<int> WriteAsync(bool synced, string sql, params (string Name, string Value)[] parameters) =>
        _database.WriteAsync((connection, transaction) =>
        {
            using var command = Command(connection, sql, parameters);
            command.Transaction = transaction;
            return command.ExecuteNonQuery();
        }, synced);

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, string Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.Add(name, SqliteType.Text).Value = value;
        return command;
    }

    private static string NewETag() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}

/// <summary>The exclusive upper bound of the keys starting with a prefix, in SQLite's BINARY (code point) order.</summary>
public static class KeyRange
{
    /// <returns>The smallest string greater than every string starting with <paramref name="prefix"/>; null when there is none ("" or all U+10FFFF).</returns>
    public static string? EndOf(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF) continue;
            // The surrogate range holds no scalar value; the next one after U+D7FF is U+E000.
            var next = last + 1 == 0xD800 ? 0xE000 : last + 1;
            var sb = new StringBuilder(prefix.Length + 1);
            foreach (var r in runes) sb.Append(r.ToString());
            return sb.Append(new Rune(next).ToString()).ToString();
        }
        return null;
    }
}

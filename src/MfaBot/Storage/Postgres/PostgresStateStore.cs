using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace MfaBot.Storage.Postgres;

/// <summary>
/// <see cref="IStateStore"/> in one PostgreSQL table, shared by any number of bot instances. The ETag is the row's
/// version, drawn from a sequence on every write, so it never repeats, not even after a delete and re-create.
/// Values are stored as <c>json</c> (not jsonb, which refuses the \u0000 escape that user text may carry).
/// The schema is made by <see cref="PostgresSchema"/> at start.
/// </summary>
public sealed class PostgresStateStore(NpgsqlDataSource dataSource) : IStateStore
{
    public async Task<Stored<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        await using var command = dataSource.CreateCommand("SELECT value::text, version FROM mfabot_state WHERE key = $1");
        command.Parameters.Add(Text(key));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var value = JsonSerializer.Deserialize<T>(reader.GetString(0), StateJson.Options)!;
        return new Stored<T>(value, ETagOf(reader.GetInt64(1)));
    }

    public async Task<string> PutAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        var json = JsonSerializer.Serialize(value, StateJson.Options);
        long? version;
        if (etag is null)
        {
            version = await ScalarAsync(
                "INSERT INTO mfabot_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING RETURNING version",
                cancellationToken, Text(key), Json(json));
            if (version is null) throw new ConcurrencyConflictException(key, "The state entry already exists.");
        }
        else
        {
            version = TryParse(etag) is { } expected
                ? await ScalarAsync(
                    "UPDATE mfabot_state SET value = $2, version = nextval('mfabot_state_version'), updated_at = now() WHERE key = $1 AND version = $3 RETURNING version",
                    cancellationToken, Text(key), Json(json), new NpgsqlParameter<long> { TypedValue = expected })
                : null;
            if (version is null) throw new ConcurrencyConflictException(key, "The state entry changed or is gone since it was read (ETag mismatch).");
        }
        return ETagOf(version.Value);
    }

    public async Task DeleteAsync(string key, string? etag, CancellationToken cancellationToken)
    {
        StateKey.Validate(key);
        if (etag is null)
        {
            await ScalarAsync("DELETE FROM mfabot_state WHERE key = $1 RETURNING version", cancellationToken, Text(key));
            return;
        }
        var deleted = TryParse(etag) is { } expected
            && await ScalarAsync("DELETE FROM mfabot_state WHERE key = $1 AND version = $2 RETURNING version",
                cancellationToken, Text(key), new NpgsqlParameter<long> { TypedValue = expected }) is not null;
        if (!deleted) throw new ConcurrencyConflictException(key, "The state entry changed or is gone since it was read (ETag mismatch).");
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        // Read all keys first, so a caller that reads or writes while iterating does not hold this connection.
        var keys = new List<string>();
        await using (var command = dataSource.CreateCommand("SELECT key FROM mfabot_state WHERE starts_with(key, $1) ORDER BY key"))
        {
            command.Parameters.Add(Text(prefix));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) keys.Add(reader.GetString(0));
        }
        // COLLATE "C" orders by UTF-8 bytes (code points); the contract's order is .NET's ordinal (UTF-16 units), which
        // differs for characters past U+FFFF against U+E000..U+FFFF.
        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys) yield return key;
    }

    private async Task<long?> ScalarAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : null;
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter<string> Json(string value) => new() { TypedValue = value, NpgsqlDbType = NpgsqlDbType.Json };

    private static string ETagOf(long version) => "v" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static long? TryParse(string etag) =>
        etag.StartsWith('v') && long.TryParse(etag.AsSpan(1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : null;
}

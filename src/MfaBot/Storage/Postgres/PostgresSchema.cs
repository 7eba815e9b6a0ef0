using Npgsql;

namespace MfaBot.Storage.Postgres;

/// <summary>
/// Creates or migrates the tables at start. Each migration runs once, in order, recorded in mfabot_schema_version.
/// A transaction-scoped advisory lock serializes instances that start at the same moment; the loser waits, then
/// finds the work done. Migrations only ever add: an older instance keeps working during a rolling upgrade.
/// </summary>
public static class PostgresSchema
{
    // Any constant works; it only has to be the same in every instance ("MfaBot" in ASCII).
    private const long AdvisoryLockId = 0x4D6661426F74;

    private static readonly string[] Migrations =
    [
        """
        CREATE SEQUENCE mfabot_state_version;
        CREATE TABLE mfabot_state (
            key        text COLLATE "C" PRIMARY KEY,
            value      json        NOT NULL,
            version    bigint      NOT NULL DEFAULT nextval('mfabot_state_version'),
            updated_at timestamptz NOT NULL DEFAULT now()
        );
        """,
        // Campaigns' send budgets shared by all instances (Campaigns/Delivery/Postgres): reservations in time order,
        // in UTC ticks; keep_until is when the last one stops counting, so idle lanes can be deleted.
        """
        CREATE TABLE mfabot_pace_lane (
            lane         text COLLATE "C" PRIMARY KEY,
            reserved     bigint[] NOT NULL DEFAULT '{}',
            paused_until bigint   NOT NULL DEFAULT 0,
            keep_until   bigint   NOT NULL DEFAULT 0
        );
        """,
    ];

    /// <summary>The schema version this build expects.</summary>
    public static int Latest => Migrations.Length;

    /// <returns>The number of migrations this call applied (0 when the schema was current).</returns>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(" + AdvisoryLockId + ")", cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS mfabot_schema_version (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM mfabot_schema_version", connection);
        var current = (int)(await read.ExecuteScalarAsync(cancellationToken))!;
        if (current > Latest)
            throw new InvalidOperationException($"The database schema is at version {current}, newer than this build knows ({Latest}); run a newer MfaBot.");
        for (var version = current + 1; version <= Latest; version++)
        {
            await ExecuteAsync(connection, Migrations[version - 1], cancellationToken);
            await ExecuteAsync(connection, $"INSERT INTO mfabot_schema_version (version) VALUES ({version})", cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return Latest - current;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

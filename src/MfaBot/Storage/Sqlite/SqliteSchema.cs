using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MfaBot.Storage.Sqlite;

/// <summary>
/// Creates or migrates the tables at start, as <see cref="Postgres.PostgresSchema"/> does: each migration runs once, in
/// order, in one write transaction with the version it reaches, kept in the file's <c>PRAGMA user_version</c>.
/// Migrations only ever add.
/// </summary>
public static class SqliteSchema
{
    private static readonly string[] Migrations =
    [
        // BINARY collation compares UTF-8 bytes: ordinal by code point, so keys are exact and case-sensitive.
        """
        CREATE TABLE mfabot_state (
            key        TEXT NOT NULL PRIMARY KEY COLLATE BINARY,
            value      TEXT NOT NULL,
            etag       TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) STRICT, WITHOUT ROWID;
        """,
        // The audit trail (Audit/Table): append-only and hash-chained. Times are fixed-format UTC text, so they sort.
        // The triggers refuse edits from any connection; the chain shows the ones made around them.
        """
        CREATE TABLE mfabot_audit (
            id             INTEGER PRIMARY KEY,
            time           TEXT NOT NULL,
            actor_id       TEXT NOT NULL,
            actor_name     TEXT,
            actor_email    TEXT,
            action         TEXT NOT NULL,
            outcome        TEXT NOT NULL,
            iam_user       TEXT,
            serial_number  TEXT,
            iam_request_id TEXT,
            correlation_id TEXT,
            detail         TEXT,
            prev_hash      TEXT NOT NULL,
            hash           TEXT NOT NULL
        ) STRICT;
        CREATE INDEX mfabot_audit_time ON mfabot_audit (time);
        CREATE INDEX mfabot_audit_actor ON mfabot_audit (actor_id);
        CREATE INDEX mfabot_audit_iam_user ON mfabot_audit (iam_user);
        CREATE INDEX mfabot_audit_action ON mfabot_audit (action);
        CREATE TRIGGER mfabot_audit_no_update BEFORE UPDATE ON mfabot_audit
        BEGIN SELECT RAISE(ABORT, 'mfabot_audit is append-only'); END;
        CREATE TRIGGER mfabot_audit_no_delete BEFORE DELETE ON mfabot_audit
        BEGIN SELECT RAISE(ABORT, 'mfabot_audit is append-only'); END;
        """,
    ];

    /// <summary>The schema version this build expects.</summary>
    public static int Latest => Migrations.Length;

    /// <returns>The number of migrations this call applied (0 when the schema was current).</returns>
    public static int Migrate(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var current = Version(connection, transaction);
        if (current > Latest)
            throw new InvalidOperationException($"The state database is at schema version {current}, newer than this build knows ({Latest}); run a newer MfaBot.");
        for (var version = current + 1; version <= Latest; version++)
            SqliteDatabase.Execute(connection, Migrations[version - 1], transaction);
        // PRAGMA takes no parameters; the value is an int this code formats.
        SqliteDatabase.Execute(connection, "PRAGMA user_version = " + Latest.ToString(CultureInfo.InvariantCulture), transaction);
        transaction.Commit();
        return Latest - current;
    }

    public static int Version(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        command.Transaction = transaction;
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

using MfaBot.LeakScan.Scanning;
using Npgsql;

namespace MfaBot.LeakScan.Suite;

/// <summary>Every row of every table (and materialized view) of every database the server lets us connect to.</summary>
internal static class PostgresSource
{
    private const string Tables = """
        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%'
        ORDER BY 1
        """;

    public static async Task ScanAsync(string server, IReadOnlyCollection<string>? only, SecretScanner scanner, ScanFigures figures,
        List<SecretFinding> findings, CancellationToken ct)
    {
        List<string> databases;
        await using (var conn = await OpenAsync(server, null, ct))
            databases = await ListAsync(conn, "SELECT datname FROM pg_database WHERE datallowconn ORDER BY 1", ct);
        foreach (var database in databases.Where(d => only is null || only.Contains(d)))
            await ScanDatabaseAsync(server, database, scanner, figures, findings, ct);
    }

    private static async Task ScanDatabaseAsync(string server, string database, SecretScanner scanner, ScanFigures figures,
        List<SecretFinding> findings, CancellationToken ct)
    {
        figures.Databases++;
        await using var conn = await OpenAsync(server, database, ct);
        foreach (var table in await ListAsync(conn, Tables, ct))
        {
            figures.Tables++;
            // The whole row as PostgreSQL writes it: text as is, bytea as hex, json as JSON text.
            await using var command = new NpgsqlCommand($"SELECT ctid::text, t::text FROM {table} AS t", conn);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                figures.Rows++;
                findings.AddRange(scanner.ScanLine($"postgres {database} {table} row {reader.GetString(0)}", 1, reader.GetString(1)));
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string server, string? database, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(server) { Pooling = false };
        if (database is not null) builder.Database = database;
        var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);
        return conn;
    }

    private static async Task<List<string>> ListAsync(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, conn);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var names = new List<string>();
        while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        return names;
    }
}

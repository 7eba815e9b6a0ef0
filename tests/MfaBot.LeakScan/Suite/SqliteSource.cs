using System.Globalization;
using System.Text;
using MfaBot.LeakScan.Scanning;
using Microsoft.Data.Sqlite;

namespace MfaBot.LeakScan.Suite;

/// <summary>
/// Every row of every table of an SQLite file, opened read-only. The file's bytes are scanned as any file's; this
/// also sees rows still in the WAL and values SQLite stores compressed or split over pages.
/// </summary>
public static class SqliteSource
{
    private static readonly byte[] Header = "SQLite format 3\0"u8.ToArray();

    /// <summary>Whether the file starts with SQLite's header, whatever its name; not one a live process holds exclusively (a data folder's lock).</summary>
    public static bool IsDatabase(string file)
    {
        var start = new byte[Header.Length];
        try
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false) == start.Length && start.AsSpan().SequenceEqual(Header);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>
    /// Every table with its rows, each row as one line of its columns' values (text as is, blobs as hex, as PostgreSQL's
    /// bytea); read whole, so the file is closed when this returns.
    /// </summary>
    public static List<(string Table, List<string> Rows)> Read(string file)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        var tables = new List<(string Table, List<string> Rows)>();
        foreach (var table in Column0(connection, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"))
            tables.Add((table, []));
        foreach (var (table, rows) in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var text = new StringBuilder();
                for (var i = 0; i < reader.FieldCount; i++) text.Append(Column(reader.GetValue(i))).Append('\t');
                rows.Add(text.ToString());
            }
        }
        return tables;
    }

    public static void Scan(string file, string name, SecretScanner scanner, ScanFigures figures, List<SecretFinding> findings)
    {
        figures.Databases++;
        foreach (var (table, rows) in Read(file))
        {
            figures.Tables++;
            figures.Rows += rows.Count;
            for (var i = 0; i < rows.Count; i++) findings.AddRange(scanner.ScanLine($"sqlite {name} {table} row {i + 1}", 1, rows[i]));
        }
    }

    private static List<string> Column0(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read()) values.Add(reader.GetString(0));
        return values;
    }

    private static string Column(object value) => value switch
    {
        byte[] bytes => "\\x" + Convert.ToHexStringLower(bytes),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

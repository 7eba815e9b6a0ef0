using System.Globalization;
using System.Security.Cryptography;
using MfaBot.LeakScan.Recording;
using MfaBot.LeakScan.Suite;
using MfaBot.Otp;
using MfaBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace MfaBot.Tests.LeakScan;

/// <summary>
/// The scan ./test.sh runs after the whole suite, on planted secrets: it must find each, say where without repeating
/// it, leave alone what only looks similar, and refuse to pass when it had nothing to look for.
/// </summary>
public sealed class LeakScanTests : IDisposable
{
    // Never kept for the real scan: it holds planted secrets.
    private readonly TempFolder _artifacts = new(keep: false);
    private readonly byte[] _key = KeyWithBase64Symbols();
    private readonly string _code = RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(CultureInfo.InvariantCulture);

    private string Seed => Base32.Encode(_key);

    [Fact]
    public async Task Finds_a_recorded_seed_in_each_form_and_a_recorded_code_and_names_only_where()
    {
        Record(Seed, _code);
        var base64 = Convert.ToBase64String(_key);
        (string Text, string Kind)[] planted =
        [
            ($"otpauth://totp/x?secret={Seed}&issuer=MfaBot", "Base32"),
            ($"\"key\":\"{Seed.ToLowerInvariant()}\"", "Base32"),
            ("Key: " + string.Join(' ', Seed.Chunk(4).Select(c => new string(c))), "Base32 in groups of four"),
            ($"\"seed\":\"{base64}\"", "Base64 of the bytes"),
            ($"\"seed\":\"{base64.Replace("+", "\\u002B", StringComparison.Ordinal)}\"", "Base64 of the bytes"),
            ($"/seed/{Uri.EscapeDataString(base64)}", "Base64 of the bytes"),
            ($"seed={base64.TrimEnd('=').Replace('+', '-').Replace('/', '_')};", "URL-safe Base64 of the bytes"),
            ($"blob \\x{Convert.ToHexString(_key).ToLowerInvariant()}", "hex of the bytes"),
            ($"<Base32StringSeed>{Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(Seed))}</Base32StringSeed>", "Base64 of the Base32 text"),
        ];
        Plant("kept/data/state.json", [.. planted.Select(p => p.Text)]);
        Plant("logs/1-recorded.log", [$"Information MfaBot.Enrollment.CodeCheckService: codes {_code} checked"]);

        var result = await ScanAsync();

        Assert.False(result.Passed);
        Assert.Empty(result.Refusals);
        Assert.Equal(planted.Select((p, i) => (i + 1, "seed as " + p.Kind)),
            result.Findings.Where(f => f.Source == "kept/data/state.json").Select(f => (f.Line, f.Kind)));
        var code = Assert.Single(result.Findings, f => f.Kind == "code");
        Assert.Equal(("logs/1-recorded.log", 1, 55), (code.Source, code.Line, code.Column));
        Assert.Equal("aBot.Enrollment.…: codes ", code.Before);
        Assert.DoesNotContain(result.Findings, f => f.ToString().Contains(_code, StringComparison.Ordinal) || f.ToString().Contains(Seed[..8], StringComparison.OrdinalIgnoreCase)
            || f.ToString().Contains(base64[..8], StringComparison.Ordinal) || f.ToString().Contains(Convert.ToHexString(_key)[..8], StringComparison.OrdinalIgnoreCase));
        Assert.Equal((1, 1, 2L), (result.Figures.Seeds, result.Figures.Codes, result.Figures.Files));
    }

    [Fact]
    public async Task Does_not_take_a_code_inside_a_longer_number_or_a_fraction_for_the_code()
    {
        Record(Seed, _code);
        Plant("logs/1-recorded.log", [$"order 9{_code} id {_code}7 took 12.{_code} s x{_code}y", $"Warning: {_code}"]);

        var result = await ScanAsync();

        var code = Assert.Single(result.Findings);
        Assert.Equal(("code", 2, 10), (code.Kind, code.Line, code.Column));
    }

    [Fact]
    public async Task Does_not_look_for_placeholder_codes_a_test_types_on_purpose()
    {
        Record(Seed, _code);
        Record(Seed, "654321");
        Plant("ledger/2-ledger.txt", ["code 123456", "code 000000"]);
        Plant("logs/1-recorded.log", ["Warning denied by msteams/t/123456", "Debug next retry 000000 or 654321"]);

        var result = await ScanAsync();

        Assert.Equal(1, result.Figures.Codes);
        Assert.True(result.Passed);
    }

    [Fact]
    public async Task Finds_a_recorded_seed_in_a_database_row_in_any_table()
    {
        Record(Seed, _code);
        Plant("logs/1-recorded.log", ["Information nothing here"]);
        var database = await PostgresTestDatabase.CreateAsync();
        try
        {
            await using (var data = NpgsqlDataSource.Create(database))
            {
                await using (var create = data.CreateCommand("CREATE SCHEMA app; CREATE TABLE app.devices (id int, note text, blob bytea)"))
                    await create.ExecuteNonQueryAsync();
                await using var insert = data.CreateCommand("INSERT INTO app.devices VALUES (1, 'protected', '\\x00ff'), (2, 'raw key', $1), (3, $2, NULL)");
                insert.Parameters.Add(new NpgsqlParameter { Value = _key });
                insert.Parameters.Add(new NpgsqlParameter { Value = "key " + Seed });
                await insert.ExecuteNonQueryAsync();
            }
            var name = new NpgsqlConnectionStringBuilder(database).Database!;

            var result = await ScanAsync(database, name);

            Assert.Equal((1, 1, 3L), (result.Figures.Databases, result.Figures.Tables, result.Figures.Rows));
            Assert.Equal(["seed as Base32", "seed as hex of the bytes"], result.Findings.Select(f => f.Kind).Order(StringComparer.Ordinal));
            Assert.All(result.Findings, f => Assert.StartsWith($"postgres {name} app.devices row (0,", f.Source, StringComparison.Ordinal));
        }
        finally
        {
            await PostgresTestDatabase.DropAsync(database);
        }
    }

    [Fact]
    public async Task Finds_a_recorded_seed_in_a_row_of_any_table_of_a_kept_sqlite_file()
    {
        Record(Seed, _code);
        Plant("logs/1-recorded.log", ["Information nothing here"]);
        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(_artifacts.Path, "kept", "data")).FullName, "state.sqlite");
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE devices (id INTEGER, note TEXT, blob BLOB); CREATE TABLE empty (x); " +
                "INSERT INTO devices VALUES (1, 'protected', x'00ff'), (2, 'raw key', @key), (3, @seed, NULL)";
            command.Parameters.AddWithValue("@key", _key);
            command.Parameters.AddWithValue("@seed", "key " + Seed);
            command.ExecuteNonQuery();
        }

        var result = await ScanAsync();

        Assert.Equal((1, 2, 3L), (result.Figures.Databases, result.Figures.Tables, result.Figures.Rows));
        var inRows = result.Findings.Where(f => f.Source.StartsWith("sqlite ", StringComparison.Ordinal)).ToList();
        Assert.Equal(["seed as Base32", "seed as hex of the bytes"], inRows.Select(f => f.Kind).Order(StringComparer.Ordinal));
        Assert.All(inRows, f => Assert.StartsWith("sqlite kept/data/state.sqlite devices row ", f.Source, StringComparison.Ordinal));
    }

    [Fact]
    public async Task In_a_sqlite_file_finds_a_code_standing_alone_in_a_row_but_not_six_digit_bytes_between_binary_ones()
    {
        Record(Seed, _code);
        Plant("logs/1-recorded.log", ["Information nothing here"]);
        var folder = Directory.CreateDirectory(Path.Combine(_artifacts.Path, "kept", "data")).FullName;
        void Create(string name, string value)
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, name), Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (v TEXT); INSERT INTO t VALUES (@v)";
            command.Parameters.AddWithValue("@v", value);
            command.ExecuteNonQuery();
        }
        Create("row.sqlite", _code);
        Create("bytes.sqlite", "nothing");
        // As a record header's bytes can: six digits between control bytes, past the pages SQLite reads.
        await File.AppendAllTextAsync(Path.Combine(folder, "bytes.sqlite"), "\u0001" + _code + "\u0002", System.Text.Encoding.Latin1);

        var result = await ScanAsync();

        Assert.Contains(result.Findings, f => f.Kind == "code" && f.Source == "sqlite kept/data/row.sqlite t row 1");
        Assert.DoesNotContain(result.Findings, f => f.Source.Contains("bytes.sqlite", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flags_seed_like_Base32_nobody_recorded_but_not_words_ids_hex_or_Base64()
    {
        Record(Seed, _code);
        var unknown = UnrecordedSeed();
        var grouped = string.Join(' ', unknown.Chunk(4).Select(c => new string(c)));
        var random = RandomNumberGenerator.GetBytes(32);
        Plant("logs/1-recorded.log",
        [
            $"secret={unknown}&issuer=MfaBot", $"Key: {grouped}.",
            "THEQUICKBROWNFOXJUMPSOVERTHELAZYDOGTWICE", "GET /card-images/" + new string('A', 43) + ".png", "user AIDAQ3EGRWRKZB5MX3XYZ",
            Convert.ToHexString(random), Convert.ToBase64String(random), "x" + unknown, unknown + "b",
        ]);

        var result = await ScanAsync();

        Assert.Equal([(1, 8), (2, 6)], result.Findings.Select(f => (f.Line, f.Column)));
        Assert.All(result.Findings, f => Assert.StartsWith("seed-like Base32 run of ", f.Kind, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Refuses_to_pass_when_the_ledger_is_empty_or_nothing_was_kept()
    {
        Plant("logs/1-recorded.log", ["Information all quiet"]);

        var empty = await ScanAsync();
        Assert.Equal((0, 0), (empty.Figures.Seeds, empty.Figures.Codes));
        Assert.Empty(empty.Findings);
        Assert.False(empty.Passed);
        Assert.Contains(empty.Refusals, r => r.Contains("no seed", StringComparison.Ordinal));
        Assert.Contains(empty.Refusals, r => r.Contains("no code", StringComparison.Ordinal));

        Record(Seed, _code);
        Plant("notes/1.txt", ["not kept (999 bytes past the limit): /tmp/x"]);
        var incomplete = await ScanAsync();
        Assert.Equal("incomplete: not kept (999 bytes past the limit): /tmp/x", Assert.Single(incomplete.Refusals));
    }

    [Fact]
    public async Task Passes_a_clean_run_and_counts_what_it_read()
    {
        Record(Seed, _code);
        Plant("kept/data/iam-simulator.json", [$"{{\"protectedSeed\":\"{Convert.ToBase64String(RandomNumberGenerator.GetBytes(90))}\",\"lastUsedStep\":58000000}}"]);
        Plant("logs/1-recorded.log", ["Information MfaBot.Enrollment: enrolled alex@example.com, device arn:aws:iam::123456789012:mfa/mfabot/alex", "Debug took 0.123456 s"]);

        var result = await ScanAsync();

        Assert.True(result.Passed, string.Join('\n', result.Findings.Select(f => f.ToString()).Concat(result.Refusals)));
        Assert.Equal((2L, 2L), (result.Figures.Files, result.Figures.LogLines));
    }

    private Task<ScanResult> ScanAsync(string? database = null, string? name = null) =>
        SuiteScan.RunAsync(new ScanInputs(_artifacts.Path, [], database, name is null ? null : [name]));

    private void Record(string seed, string code)
    {
        var ledger = new LedgerFile(Path.Combine(Directory.CreateDirectory(Path.Combine(_artifacts.Path, RunFolder.Ledger)).FullName, "1-ledger.txt"));
        ledger.AddSeed(seed);
        ledger.AddCodes(code);
    }

    private void Plant(string relative, string[] lines)
    {
        var path = Path.Combine(_artifacts.Path, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllLines(path, lines);
    }

    /// <summary>A seed with a digit: the one in 750 without any is the heuristic's known blind spot (a recorded seed is still found).</summary>
    private static string UnrecordedSeed()
    {
        while (true)
        {
            var seed = Base32.Encode(RandomNumberGenerator.GetBytes(20));
            if (seed.Any(char.IsAsciiDigit)) return seed;
        }
    }

    /// <summary>A key whose Base64 has '+' and '/', so the URL-safe and escaped forms differ from the plain one.</summary>
    private static byte[] KeyWithBase64Symbols()
    {
        while (true)
        {
            var key = RandomNumberGenerator.GetBytes(20);
            var base64 = Convert.ToBase64String(key);
            if (base64.Contains('+', StringComparison.Ordinal) && base64.Contains('/', StringComparison.Ordinal)) return key;
        }
    }

    public void Dispose() => _artifacts.Dispose();
}

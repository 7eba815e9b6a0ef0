using System.Diagnostics;
using System.Net;
using System.Text.Json;
using MfaBot.Audit;
using MfaBot.Audit.Table;
using MfaBot.Storage;
using MfaBot.Iam;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Storage;

/// <summary>The bot on the default SQLite store: restarts, refusals at start, and the import of a former file store.</summary>
public sealed class SqliteBotTests
{
    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    [Fact]
    public async Task A_redelivered_activity_after_a_restart_gets_no_second_answer()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var activity = h.Chat().Activity("message", a => a["text"] = "help");
        var before = h.Connector.Calls.Count;
        Assert.Equal(HttpStatusCode.Accepted, (await h.Chat().PostAsync(activity)).StatusCode);
        await h.Chat().NextAsync(_ => true, before);
        await Task.Delay(500);
        var answers = h.Connector.Calls.Count - before;

        await h.RestartAsync();
        var chat = h.Chat();
        var after = h.Connector.Calls.Count;
        Assert.Equal(HttpStatusCode.OK, (await chat.PostAsync(activity)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await chat.PostAsync(chat.Activity("message", a => a["text"] = "help"))).StatusCode);
        await chat.NextAsync(_ => true, after);
        await Task.Delay(500);

        Assert.Equal(answers, h.Connector.Calls.Count - after);
    }

    [Fact]
    public async Task An_enrollment_begun_on_the_file_store_finishes_after_the_switch_to_sqlite_and_no_json_state_is_left()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["Storage:Provider"] = "File" });
        var (card, key) = await h.StartEnrollmentAsync(h.Chat());
        await h.Bot.DisposeAsync(); // so that the list below is all the former store wrote
        var legacy = Path.Combine(h.DataFolder, "state");
        var legacyFiles = Directory.GetFiles(legacy, "*.json").Select(Path.GetFileName).Order().ToList();
        Assert.NotEmpty(legacyFiles);
        var legacyAudit = Directory.GetFiles(Path.Combine(h.DataFolder, "audit"), "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).ToList();
        Assert.Contains(legacyAudit, l => l.Contains("\"enrollment.started\"", StringComparison.Ordinal));

        await h.RestartAsync(new Dictionary<string, string?> { ["Storage:Provider"] = "Sqlite" });

        Assert.False(Directory.Exists(legacy));
        var imported = Path.Combine(h.DataFolder, $"imported-{DateTime.UtcNow:yyyy-MM-dd}", "state");
        Assert.Equal(legacyFiles, Directory.GetFiles(imported, "*.json").Select(Path.GetFileName).Order().ToList());
        Assert.Single(await h.EnrollmentKeysAsync());
        // The former audit lines are the table's first rows, in their order, and the folder moved next to the state.
        Assert.False(Directory.Exists(Path.Combine(h.DataFolder, "audit")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Path.GetDirectoryName(imported)!, "audit"), "*.jsonl"));
        var rows = AuditRows.Read(h.Bot.Services);
        // Times keep whole microseconds, what both databases store exactly.
        Assert.Equal(legacyAudit.Select(l => JsonSerializer.Deserialize<AuditEvent>(l, StateJson.Options)!).Select(e => e with { Time = AuditChain.Normalize(e.Time!.Value) }), rows.Take(legacyAudit.Count).Select(r => r.Event));
        Assert.True((await AuditChain.VerifyAsync(h.Bot.Services.GetRequiredService<IAuditTable>(), CancellationToken.None)).IsIntact);

        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(h.Chat(), card.ResultId, c1, c2, IsDoneCard);
        Assert.Single(await h.Bot.Services.GetRequiredService<IIamGateway>().ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        // Only the database holds state now: no JSON state file outside the imported copy (the simulator's own file aside).
        Assert.DoesNotContain(Directory.GetFiles(h.DataFolder, "*.json", SearchOption.AllDirectories),
            f => !f.StartsWith(imported, StringComparison.Ordinal) && Path.GetFileName(f) != "iam-simulator.json");
        Assert.DoesNotContain(Directory.GetFiles(h.DataFolder, "*.jsonl", SearchOption.AllDirectories), f => !f.StartsWith(Path.GetDirectoryName(imported)!, StringComparison.Ordinal));
        Assert.Contains(AuditRows.Read(h.Bot.Services), r => r.Event.Action == "enrollment.completed");

        await h.RestartAsync();
        Assert.Empty(await h.EnrollmentKeysAsync());
    }

    [Fact]
    public async Task A_second_bot_process_on_the_same_data_folder_is_refused_with_one_line()
    {
        using var folder = new TempFolder();
        await using var first = await BotServer.StartAsync(folder.Path);

        var (exitCode, errors) = await RunBotProcessAsync(folder.Path);

        Assert.Equal(1, exitCode);
        Assert.Contains($"MfaBot did not start: Another MfaBot process is using the data folder {folder.Path} (it holds mfabot.db.lock)", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_damaged_database_stops_the_start_with_one_line_naming_it_and_is_not_recreated()
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, SqliteDatabase.FileName);
        var garbage = "this is not an SQLite database, and it must still be here after the start fails\n"u8.ToArray();
        File.WriteAllBytes(file, [.. Enumerable.Repeat(garbage, 100).SelectMany(b => b)]);
        var before = File.ReadAllBytes(file);

        var (exitCode, errors) = await RunBotProcessAsync(folder.Path);

        Assert.Equal(1, exitCode);
        var line = Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains(file, StringComparison.Ordinal));
        Assert.StartsWith("MfaBot did not start: The state database " + file, line, StringComparison.Ordinal);
        Assert.Contains("not recreated", line, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(file));
        Assert.False(File.Exists(file + "-wal"));
    }

    /// <summary>The real app as its own process (the demo, so that nothing else is refused); its exit code and error output.</summary>
    private static async Task<(int ExitCode, string Errors)> RunBotProcessAsync(string dataFolder)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MfaBot.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--Urls=http://127.0.0.1:0", $"--Storage:DataFolder={dataFolder}",
            $"--IamSimulator:StateFile={Path.Combine(dataFolder, "iam-simulator.json")}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = dataFolder,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = "Development" },
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the second bot process did not stop: " + await stdout);
        }
        await stdout;
        return (process.ExitCode, await stderr);
    }
}

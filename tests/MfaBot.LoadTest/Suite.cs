using System.Globalization;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Report;
using MfaBot.LoadTest.Scenarios;
using MfaBot.LoadTest.Secrets;
using MfaBot.LoadTest.Targets;

namespace MfaBot.LoadTest;

/// <summary>Runs the chosen mode, prints the figures, scans the bot's logs and data for secrets; exit code 1 on any finding.</summary>
public sealed class Suite(Options options, TextWriter output)
{
    private readonly SecretLedger _ledger = new();
    private readonly string _work = Directory.CreateTempSubdirectory("mfabot-loadtest-").FullName;
    private readonly List<LoadResult> _results = [];
    private readonly List<TimeSpan> _ready = [];

    public async Task<int> RunAsync()
    {
        using var http = ChannelClient.NewHttp();
        await using var connector = await ChannelConnector.StartAsync();
        var client = (string url) => new ChannelClient(http, url, connector);
        InFlightResult? inFlight = null;
        try
        {
            if (options.Runs("enroll")) await BotSweepAsync(client);
            if (options.Runs("echo"))
            {
                await using var echo = await EchoTarget.StartAsync(_work);
                await SweepAsync(echo, new EchoLoop(client(echo.MessagesUrl)));
            }
            if (options.Runs("botbuilder"))
            {
                await using var node = await BotbuilderTarget.StartAsync(_work);
                await SweepAsync(node, new EchoLoop(client(node.MessagesUrl)));
            }
            if (options.Runs("inflight")) inFlight = await InFlightAsync(client);
            if (options.Runs("startup")) await StartupsAsync();
            if (options.Runs("storage"))
            {
                await StorageSweepAsync(client);
                var storage = new StorageReport(_results, Note());
                output.WriteLine(storage.Markdown());
                if (options.WriteDocs) DocsSection.Write(RepoPaths.Docs, StorageReport.Begin, StorageReport.End, storage.Markdown());
                return ScanForSecrets() ? 0 : 1;
            }

            var report = new LoadReport(_results, inFlight, _ready, Note());
            output.WriteLine(report.Markdown());
            if (options.WriteDocs) report.WriteDocs(RepoPaths.Docs);
            return ScanForSecrets() ? 0 : 1;
        }
        finally
        {
            if (!options.Keep) TryDelete(_work);
        }
    }

    /// <summary>The enrollment sweep once per storage provider, each bot on a fresh data folder (and database).</summary>
    private async Task StorageSweepAsync(Func<string, ChannelClient> client)
    {
        foreach (var provider in options.Providers)
        {
            var settings = new Dictionary<string, string> { ["Storage:Provider"] = provider };
            if (provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            {
                settings["Storage:ConnectionString"] = await LoadDatabase.CreateAsync(options.Postgres
                    ?? throw new InvalidOperationException("--providers Postgres needs --postgres or MFABOT_TEST_POSTGRES"));
                // Instances sharing a database share the seed key; the demo's key ring is per folder.
                settings["Secrets:Keys:0:Id"] = "load";
                settings["Secrets:Keys:0:Key"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
                settings["Secrets:ActiveKeyId"] = "load";
            }
            await BotSweepAsync(client, new Dictionary<string, string>(settings), $"MfaBot ({provider})", provider);
        }
    }

    private async Task BotSweepAsync(Func<string, ChannelClient> client, IReadOnlyDictionary<string, string>? settings = null, string name = "MfaBot", string folder = "sweep")
    {
        await using var bot = await BotProcess.StartAsync(new BotSetup(Path.Combine(_work, "bot-" + folder), Math.Max(options.Concurrency.Max(), options.Paced), settings, options.BotDll, name));
        _ready.Add(bot.ReadyAfter!.Value);
        var channel = client(bot.MessagesUrl);
        await using var admin = new AdminIam(bot.IamUrl);
        await SweepAsync(bot, new EnrollmentLoop(channel, new EnrollmentFlow(channel, _ledger), admin),
            people => SettleAsync(channel.Connector, admin, people));
        output.WriteLine($"after the sweep: {(await admin.UnassignedBotDevicesAsync()).Count} unassigned bot devices (in-flight ones at the stop are expected)");
        if (!options.Runs("commands")) return;
        // help touches no IAM (a static card); status reads IAM once for a person without MFA. Closed loops only.
        foreach (var command in new[] { "help", "status" })
            await SweepAsync(new NamedTarget(bot, $"{name} {command}"), new CommandLoop(channel, command), paced: false);
    }

    /// <summary>
    /// Between two rows, which reuse the same people: turns abandoned at a row's stop still run in the bot, and one
    /// may enable a device after the person's clean-up. Once the bot has gone quiet, every person starts again bare.
    /// </summary>
    private static async Task SettleAsync(ChannelConnector connector, AdminIam admin, int people)
    {
        for (var (last, quiet) = (-1L, 0); quiet < 5; await Task.Delay(200))
        {
            var now = connector.CallCount;
            quiet = now == last ? quiet + 1 : 0;
            last = now;
        }
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (i, ct) => await admin.RemoveDevicesAsync(Person.Numbered(i).Email, ct));
    }

    /// <summary>Closed loops at each concurrency, then the paced row; <paramref name="settle"/> runs after each row with its number of people.</summary>
    private async Task SweepAsync(ITarget target, IScenario scenario, Func<int, Task>? settle = null, bool paced = true)
    {
        var rows = options.Concurrency.Select(c => (People: c, Think: TimeSpan.Zero));
        if (paced && options.Paced > 0 && options.Think > TimeSpan.Zero) rows = rows.Append((options.Paced, options.Think));
        foreach (var (people, think) in rows)
        {
            var r = await LoadRun.RunAsync(target, scenario, people, think, options.Warmup, options.Duration);
            if (settle is not null) await settle(people);
            _results.Add(r);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Target,-16} {r.People,16} people: {r.TurnsPerSecond,8:N0} turns/s  p50 {r.Percentile(50),7:F2}  p95 {r.Percentile(95),7:F2}  p99 {r.Percentile(99),7:F2} ms  errors {r.Errors.Count}"));
        }
    }

    private async Task<InFlightResult> InFlightAsync(Func<string, ChannelClient> client)
    {
        await using var bot = await BotProcess.StartAsync(new BotSetup(Path.Combine(_work, "bot-inflight"), options.InFlight, Dll: options.BotDll));
        _ready.Add(bot.ReadyAfter!.Value);
        var channel = client(bot.MessagesUrl);
        var result = await InFlightRun.RunAsync(bot, new EnrollmentFlow(channel, _ledger), options.InFlight);
        output.WriteLine($"in flight: {result.QrCardsShown}/{result.People} QR cards in {result.Seconds:F1} s; RSS {ProcessMemory.Megabytes(result.Memory?.Rss ?? 0)}, peak {ProcessMemory.Megabytes(result.Memory?.PeakRss ?? 0)}");
        return result;
    }

    private async Task StartupsAsync()
    {
        for (var i = 0; i < options.Starts; i++)
        {
            await using var bot = await BotProcess.StartAsync(new BotSetup(Path.Combine(_work, $"bot-start-{i}"), 0, Dll: options.BotDll));
            _ready.Add(bot.ReadyAfter!.Value);
            output.WriteLine($"start {i + 1}: ready after {bot.ReadyAfter.Value.TotalMilliseconds:F0} ms");
        }
    }

    /// <returns>true when no seed or code the run saw appears in clear in the bots' logs or data folders.</returns>
    private bool ScanForSecrets()
    {
        var findings = _ledger.Scan([_work]);
        output.WriteLine($"secret scan: {_ledger.SeedCount} seeds and {_ledger.CodeCount} codes looked for in every log and data file under {_work}: {findings.Count} found");
        foreach (var f in findings.Take(20)) output.WriteLine("  " + f);
        return findings.Count == 0;
    }

    private string Note() => FormattableString.Invariant(
        $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {Environment.ProcessorCount} cores ({RepoPaths.Configuration} build, load average {LoadAverage()} at the end), {options.Warmup.TotalSeconds:F0} s warm-up and {options.Duration.TotalSeconds:F0} s measured per row. The load generator, its connector and the echo floor share the machine with the target. Closed-loop rows: each person sends the next turn as soon as the answer arrives (saturation). Paced rows (\"think\"): each person pauses 0.5–1.5 × the think time after each answer, as people in a conversation do (a real enrollment has about 30 s between its two turns). Latency: activity POSTed to /api/messages → the answering call received at the connector (MfaBot: the QR card for \"enroll\", the card update for the codes). MfaBot runs as the Development demo (own process, the default SQLite store with WAL and synchronous=FULL, embedded IAM simulator over HTTP with SigV4); between two enrollments of a person the harness removes the device through IAM, untimed but on the bot's CPU.");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    private static void TryDelete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

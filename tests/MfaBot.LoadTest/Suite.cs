using System.Diagnostics;
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
    // Outside the work folder: the secret scan reads every file there, and a binary's bytes can look like codes.
    private readonly string _shipped = Path.Combine(Path.GetTempPath(), "mfabot-loadtest-shipped-" + Guid.NewGuid().ToString("N"));
    private readonly List<LoadResult> _results = [];
    private readonly List<TimeSpan> _ready = [];
    private readonly List<TimeSpan> _readyShipped = [];
    private readonly List<ProductionRow> _production = [];
    private CampaignResult? _campaign;

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
            if (options.Runs("production")) await ProductionAsync(client);
            if (options.Runs("campaign")) await CampaignAsync(connector, client);
            if (options.Runs("storage"))
            {
                await StorageSweepAsync(client);
                var storage = new StorageReport(_results, Note());
                output.WriteLine(storage.Markdown());
                if (options.WriteDocs) DocsSection.Write(RepoPaths.Docs, StorageReport.Begin, StorageReport.End, storage.Markdown());
                return ScanForSecrets() ? 0 : 1;
            }

            var report = new LoadReport(_results, inFlight, _ready, Note()) { ShippedReadyTimes = _readyShipped, Production = _production, Campaign = _campaign, BotSettings = options.BotSettings };
            output.WriteLine(report.Markdown());
            if (options.WriteDocs) report.WriteDocs(RepoPaths.Docs);
            return ScanForSecrets() ? 0 : 1;
        }
        finally
        {
            if (!options.Keep) TryDelete(_work);
            TryDelete(_shipped);
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

    /// <summary>
    /// Starts of this build (JIT) and, unless --bot names another, of the shipped build (the Dockerfile's ReadyToRun
    /// publish), which the ready target is judged on: production runs that image.
    /// </summary>
    private async Task StartupsAsync()
    {
        await StartsAsync(options.BotDll, "this build", _ready);
        if (options.BotDll is null)
            await StartsAsync(await ShippedBuild.PublishAsync(_shipped, output), "shipped build", _readyShipped);
    }

    private async Task StartsAsync(string? dll, string name, List<TimeSpan> ready)
    {
        for (var i = 0; i < options.Starts; i++)
        {
            await using var bot = await BotProcess.StartAsync(new BotSetup(Path.Combine(_work, $"bot-start-{name.Replace(' ', '-')}-{i}"), 0, Dll: dll));
            ready.Add(bot.ReadyAfter!.Value);
            output.WriteLine($"{name}, start {i + 1}: ready after {bot.ReadyAfter.Value.TotalMilliseconds:F0} ms");
        }
    }

    public const string ProductionTarget = "MfaBot, IAM out of process";
    public const string ProductionStatus = "MfaBot status, IAM out of process";

    /// <summary>
    /// IAM as in production: another process (the standalone simulator, in memory), reached through a loopback proxy
    /// in this process that adds a latency per call and counts the calls. The bot's CPU is its own process's only.
    /// The administrator's clean-up between enrollments goes to the simulator directly, so the proxy counts the bot alone.
    /// </summary>
    private async Task ProductionAsync(Func<string, ChannelClient> client)
    {
        var people = Math.Max(options.Concurrency.Max(), options.Paced);
        await using var iam = await SimulatorProcess.StartAsync(Path.Combine(_work, "iam-production"), people);
        await using var proxy = await LatencyProxy.StartAsync(iam.IamUrl);
        await using var bot = await BotProcess.StartAsync(new BotSetup(Path.Combine(_work, "bot-production"), 0, OutOfProcessIam(proxy), options.BotDll, ProductionTarget));
        _ready.Add(bot.ReadyAfter!.Value);
        var channel = client(bot.MessagesUrl);
        await using var admin = new AdminIam(iam.IamUrl);
        var enrollment = new EnrollmentFlow(channel, _ledger);
        var (enrollCalls, codesCalls) = await CountCallsPerTurnAsync(proxy, enrollment, admin);
        output.WriteLine($"IAM calls per turn, the bot quiet: enroll {enrollCalls}, codes {codesCalls}; the bound uses {Math.Max(enrollCalls, codesCalls)}");
        var scenario = new EnrollmentLoop(channel, enrollment, admin);
        var rows = options.Concurrency.Select(c => (People: c, Think: TimeSpan.Zero, Delay: 0));
        if (options.Paced > 0 && options.Think > TimeSpan.Zero)
            rows = rows.Concat(new[] { 0 }.Concat(options.IamLatencies).Select(d => (options.Paced, options.Think, d)));
        foreach (var (count, think, delay) in rows)
        {
            proxy.DelayMs = delay;
            var name = delay == 0 ? ProductionTarget : $"{ProductionTarget} +{delay} ms";
            long callsAtStart = 0, calls = 0;
            LoadResult r;
            int before, peak;
            await using (var threads = new ThreadSampler(bot.Process))
            {
                r = await LoadRun.RunAsync(new NamedTarget(bot, name), scenario, count, think, options.Warmup, options.Duration,
                    open => { if (open) callsAtStart = proxy.CallCount; else calls = proxy.CallCount - callsAtStart; });
                (before, peak) = (threads.Before, threads.Peak);
            }
            proxy.DelayMs = 0;
            await SettleAsync(channel.Connector, admin, count);
            var row = new ProductionRow(r, delay, r.Turns == 0 ? 0 : (double)calls / r.Turns, Math.Max(enrollCalls, codesCalls), before, peak);
            _results.Add(r);
            _production.Add(row);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Target,-34} {r.People,16} people: {r.TurnsPerSecond,8:N0} turns/s  p50 {r.Percentile(50),7:F2}  p99 {r.Percentile(99),7:F2} ms (bound {row.BoundMs:F0})  bot CPU {r.CpuMsPerTurn:F2} ms/turn  IAM calls/turn {row.CallsPerTurn:F2}  threads {row.Threads}  errors {r.Errors.Count}"));
        }
        // status with IAM's side in another process: the CPU column is the bot's own share of a status turn.
        await SweepAsync(new NamedTarget(bot, ProductionStatus), new CommandLoop(channel, "status"), paced: false);
    }

    /// <summary>The bot without its embedded simulator, its IAM endpoint the proxy (Development allows the override).</summary>
    private Dictionary<string, string> OutOfProcessIam(LatencyProxy proxy)
    {
        var settings = new Dictionary<string, string>(options.BotSettings)
        {
            ["IamSimulator:Embedded"] = "false",
            ["Iam:ServiceUrl"] = proxy.Url,
        };
        return settings;
    }

    /// <summary>IAM calls of one enroll turn and one codes turn with the bot otherwise quiet: the fewest of three enrollments.</summary>
    private static async Task<(int Enroll, int Codes)> CountCallsPerTurnAsync(LatencyProxy proxy, EnrollmentFlow enrollment, AdminIam admin)
    {
        var person = Person.Numbered(0);
        var (enroll, codes) = (int.MaxValue, int.MaxValue);
        for (var i = 0; i < 3; i++)
        {
            var start = proxy.CallCount;
            var (card, _) = await enrollment.StartAsync(person);
            await Task.Delay(300); // calls after the answer belong to the turn too
            var afterEnroll = proxy.CallCount;
            if (card is not null)
            {
                await enrollment.SubmitCodesAsync(person, card);
                await Task.Delay(300);
                codes = Math.Min(codes, (int)(proxy.CallCount - afterEnroll));
            }
            enroll = Math.Min(enroll, (int)(afterEnroll - start));
            await admin.RemoveDevicesAsync(person.Email);
        }
        return (enroll == int.MaxValue ? 0 : enroll, codes == int.MaxValue ? 0 : codes);
    }

    /// <summary>
    /// A campaign day: IAM out of process as in <see cref="ProductionAsync"/> (no added latency), every person an IAM user
    /// and a member of the team. The interactive mix runs once quietly; then the demo manager (Megan) types
    /// <c>invite team</c> in the team's channel, confirms the preview in her chat, and the same mix runs again while the
    /// invitations go out. The connector stamps every 1:1 opened and every invitation card.
    /// </summary>
    private async Task CampaignAsync(ChannelConnector connector, Func<string, ChannelClient> client)
    {
        var people = options.CampaignPeople;
        var enrollers = Math.Min(options.CampaignEnrollers, people);
        var askers = Math.Min(options.CampaignStatus, people - enrollers);
        var manager = new Person("meganb");
        await using var iam = await SimulatorProcess.StartAsync(Path.Combine(_work, "iam-campaign"), people, manager.Email);
        await using var proxy = await LatencyProxy.StartAsync(iam.IamUrl);
        var settings = OutOfProcessIam(proxy);
        settings["Campaigns:SendRatePerSecond"] = options.CampaignRate.ToString(CultureInfo.InvariantCulture);
        await using var bot = await BotProcess.StartAsync(new BotSetup(Path.Combine(_work, "bot-campaign"), 0, settings, options.BotDll, "MfaBot campaign day"));
        _ready.Add(bot.ReadyAfter!.Value);
        var channel = client(bot.MessagesUrl);
        await using var admin = new AdminIam(iam.IamUrl);
        var mix = new CampaignInteractive(enrollers, new EnrollmentLoop(channel, new EnrollmentFlow(channel, _ledger), admin),
            new CommandLoop(channel, "status", CampaignInteractive.IsStatusAnswer));
        var think = options.CampaignThink;
        await CountCallsPerTurnAsync(proxy, new EnrollmentFlow(channel, _ledger), admin); // untimed: the first enrollments warm the bot
        // Paced people start spread over one pause: the warm-up lasts until all of them are in.
        var warmup = TimeSpan.FromTicks(Math.Max(options.Warmup.Ticks, (think * 1.5).Ticks));

        // The quiet row comes first, on a bot that has just started: twice the warm-up, so JIT tiering is not charged to it.
        var quiet = await LoadRun.RunAsync(new NamedTarget(bot, "MfaBot campaign day, no campaign"), mix, enrollers + askers, think, warmup * 2, options.Duration);
        await SettleAsync(connector, admin, enrollers);
        _results.Add(quiet);
        Print(quiet);

        var stamps = new System.Collections.Concurrent.ConcurrentQueue<(long At, bool Invite)>();
        connector.Roster = [.. Enumerable.Range(0, people).Select(Person.Numbered)];
        connector.Observer = c =>
        {
            if (c.Method == "CREATE" && c.ConversationId != manager.ConversationId) stamps.Enqueue((c.ArrivedAt, false));
            else if (CampaignInteractive.IsInvite(c)) stamps.Enqueue((c.ArrivedAt, true));
        };
        try
        {
            var previewClock = Stopwatch.StartNew();
            var invite = manager.Message(channel.ServiceUrl, "invite team");
            invite["conversation"] = new System.Text.Json.Nodes.JsonObject { ["id"] = "19:campaign-team", ["conversationType"] = "channel", ["tenantId"] = Person.TenantId };
            var preview = await channel.TurnAsync(manager, invite, c => c.HasCardContaining("Invite preview"), TimeSpan.FromMinutes(10));
            var previewSeconds = previewClock.Elapsed.TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"campaign preview of {people} people: {previewSeconds:F1} s"));
            var toInvite = int.TryParse(Fact(preview.Answer, "Will be invited"), out var n) ? n : people;

            var confirmed = Stopwatch.GetTimestamp();
            var confirm = manager.Submit(channel.ServiceUrl, preview.Answer.ResultId, new System.Text.Json.Nodes.JsonObject { ["step"] = "campaign.confirm" });
            var started = await channel.TurnAsync(manager, confirm, c => c.Text is not null);
            if (started.Answer.Text?.StartsWith("Started", StringComparison.Ordinal) != true)
                throw new InvalidOperationException("the campaign did not start: " + started.Answer.Text);

            var during = await LoadRun.RunAsync(new NamedTarget(bot, "MfaBot campaign day, during the campaign"), mix, enrollers + askers, think, warmup, options.Duration);
            _results.Add(during);
            Print(during);
            // The rest of the campaign goes out alone, so the rate and the peak RSS cover the whole delivery.
            var deliveredDuringRun = stamps.Count(s => s.Invite);
            // Done: everyone invited, or no campaign request for 5 s (the people who enrolled first are not invited).
            for (var wait = Stopwatch.StartNew(); wait.Elapsed < options.CampaignWait; await Task.Delay(500))
            {
                var (count, latest) = (stamps.Count(s => s.Invite), stamps.IsEmpty ? confirmed : stamps.Max(s => s.At));
                if (count >= toInvite || Stopwatch.GetElapsedTime(latest) > TimeSpan.FromSeconds(5)) break;
            }
            var ended = Stopwatch.GetTimestamp();
            var memory = bot.Memory();

            var seen = stamps.Where(s => s.At >= confirmed && s.At <= ended).OrderBy(s => s.At).ToList();
            var invites = seen.Count(s => s.Invite);
            // From the first request of the campaign (the worker's first poll is not the rate) to the last one when the
            // delivery finished, else to the end of the wait.
            var first = seen.Count > 0 ? seen[0].At : ended;
            var finished = seen.Count > 0 && (invites >= toInvite || Stopwatch.GetElapsedTime(seen[^1].At, ended) > TimeSpan.FromSeconds(4));
            var last = finished ? seen[^1].At : ended;
            var seconds = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"campaign: first request {Stopwatch.GetElapsedTime(confirmed, first).TotalSeconds:F1} s after the Confirm; {deliveredDuringRun} invitations during the interactive run, {invites} in all"));
            var peak = 0;
            for (int i = 0, j = 0; j < seen.Count; j++)
            {
                while (Stopwatch.GetElapsedTime(seen[i].At, seen[j].At) >= TimeSpan.FromSeconds(1)) i++;
                peak = Math.Max(peak, j - i + 1);
            }
            _campaign = new CampaignResult(people, enrollers, askers, think, previewSeconds, quiet, during, invites, toInvite, seconds, seen.Count, peak,
                options.CampaignRate, memory) { DeliveredDuringRun = deliveredDuringRun };
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"campaign: {invites}/{toInvite} invitations in {seconds:F1} s = {_campaign.InvitesPerSecond:F1} invites/s ({_campaign.RequestsPerSecond:F1} requests/s, peak {peak} in 1 s; limit {options.CampaignRate}/s); interactive p99 {during.Percentile(99):F1} ms vs {quiet.Percentile(99):F1} ms without ({_campaign.P99Ratio:F2}×); bot peak RSS {ProcessMemory.Megabytes(memory?.PeakRss ?? 0)}"));
        }
        finally
        {
            connector.Observer = null;
            connector.Roster = [];
        }
        await SettleAsync(connector, admin, enrollers);
    }

    /// <summary>A fact of a preview card ("Will be invited": "10000").</summary>
    private static string? Fact(ConnectorCall card, string title) =>
        card.Card?["body"] is System.Text.Json.Nodes.JsonArray body
            ? body.SelectMany(b => b?["facts"] as System.Text.Json.Nodes.JsonArray ?? [])
                .FirstOrDefault(f => f?["title"]?.GetValue<string>() == title)?["value"]?.GetValue<string>()
            : null;

    private void Print(LoadResult r) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{r.Target,-40} {r.People,16} people: {r.TurnsPerSecond,8:N0} turns/s  p50 {r.Percentile(50),7:F2}  p99 {r.Percentile(99),7:F2} ms  bot CPU {r.CpuMsPerTurn:F2} ms/turn  errors {r.Errors.Count}"));

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

using System.Globalization;
using System.Text;
using MfaBot.LoadTest.Scenarios;
using MfaBot.LoadTest.Targets;

namespace MfaBot.LoadTest.Report;

/// <summary>All figures of an `all` run, as a Markdown section (also printed) and two SVG charts.</summary>
public sealed record LoadReport(IReadOnlyList<LoadResult> Results, InFlightResult? InFlight, IReadOnlyList<TimeSpan> ReadyTimes, string Note)
{
    public const string Begin = "<!-- loadtest:begin (written by tests/MfaBot.LoadTest, mode all) -->";
    public const string End = "<!-- loadtest:end -->";
    private const string Bot = "MfaBot", Help = "MfaBot help", Status = "MfaBot status", Floor = "echo floor", Sdk = "botbuilder echo";

    /// <summary>Mode production: the rows with IAM out of process, with their latency bound and thread trace.</summary>
    public IReadOnlyList<ProductionRow> Production { get; init; } = [];

    /// <summary>Settings given to the production and campaign bots on the command line (--set).</summary>
    public IReadOnlyDictionary<string, string> BotSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Mode startup: starts of the shipped build (the Dockerfile's ReadyToRun publish); ReadyTimes are this build's.</summary>
    public IReadOnlyList<TimeSpan> ShippedReadyTimes { get; init; } = [];

    /// <summary>Mode campaign: the campaign day.</summary>
    public CampaignResult? Campaign { get; init; }

    private LoadResult? At(string target, int concurrency) => Results.FirstOrDefault(r => r.Target == target && r.Concurrency == concurrency && !r.Paced);

    private LoadResult? PacedAt(string target, int concurrency) => Results.FirstOrDefault(r => r.Target == target && r.Concurrency == concurrency && r.Paced);

    private int[] Concurrencies => [.. Results.Where(r => !r.Paced).Select(r => r.Concurrency).Distinct().Order()];

    public string Markdown()
    {
        var md = new StringBuilder();
        md.AppendLine(Begin).AppendLine("## Turns over the Bot Framework protocol (tests/MfaBot.LoadTest, `all`)").AppendLine();
        md.AppendLine(Note).AppendLine();
        md.AppendLine("| target | people | turns/s | p50 ms | p95 ms | p99 ms | max ms | errors | target CPU ms/turn | target peak RSS |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in Results.OrderBy(r => r.Target, StringComparer.Ordinal).ThenBy(r => r.Paced).ThenBy(r => r.Concurrency))
            md.AppendLine(Inv($"| {r.Target} | {r.People} | {r.TurnsPerSecond:N0} | {r.Percentile(50):F2} | {r.Percentile(95):F2} | {r.Percentile(99):F2} | {r.SortedLatenciesMs.LastOrDefault():F1} | {r.Errors.Count} | {(r.CpuMsPerTurn is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {(r.Memory is { } m ? ProcessMemory.Megabytes(m.PeakRss) : "—")} |"));
        md.AppendLine().AppendLine("MfaBot's turns as ratios to the baselines of the same run (turns/s: higher is better for MfaBot; CPU: lower is better):").AppendLine();
        md.AppendLine("| people | enroll turns/s ÷ botbuilder | enroll CPU/turn ÷ botbuilder | enroll turns/s ÷ echo floor | help turns/s ÷ echo floor | help CPU/turn ÷ echo floor | status CPU/turn ÷ echo floor |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in Concurrencies)
            if (At(Bot, c) is { } b && At(Floor, c) is { } f && At(Sdk, c) is { } s)
                md.AppendLine(Inv($"| {c} | {b.TurnsPerSecond / s.TurnsPerSecond:F2} | {Ratio(b.CpuMsPerTurn, s.CpuMsPerTurn)} | {b.TurnsPerSecond / f.TurnsPerSecond:F2} | {Fraction(At(Help, c)?.TurnsPerSecond, f.TurnsPerSecond)} | {Ratio(At(Help, c)?.CpuMsPerTurn, f.CpuMsPerTurn)} | {Ratio(At(Status, c)?.CpuMsPerTurn, f.CpuMsPerTurn)} |"));
        ProductionMarkdown(md);
        CampaignMarkdown(md);
        md.AppendLine().AppendLine("| target | figure | met |").AppendLine("| --- | --- | --- |");
        foreach (var (target, figure, met) in Verdicts())
            md.AppendLine($"| {target} | {figure} | {(met is null ? (figure == "—" ? "not measured" : "no target set") : met.Value ? "yes" : "**no**")} |");
        md.AppendLine().AppendLine("![latency percentiles](latency.svg)").AppendLine().AppendLine("![throughput against concurrency](throughput.svg)").AppendLine();
        var errors = Results.SelectMany(r => r.Errors.Select(e => $"{r.Target} @{r.Concurrency}: {e}")).Concat(InFlight?.Errors ?? []).GroupBy(e => e).ToList();
        if (errors.Count > 0)
        {
            md.AppendLine("Errors seen (count × message):").AppendLine();
            foreach (var g in errors.OrderByDescending(g => g.Count()).Take(10)) md.AppendLine($"- {g.Count()} × {g.Key}");
            md.AppendLine();
        }
        return md.AppendLine(End).ToString();
    }

    /// <summary>Issue 17's targets: ratios to the baselines measured in this same run.</summary>
    public IEnumerable<(string Target, string Figure, bool? Met)> Verdicts()
    {
        var (b50, s50) = (At(Bot, 50), At(Sdk, 50));
        yield return ("enrollment turns/s at 50 people ÷ botbuilder echo turns/s ≥ 0.5",
            b50 is null || s50 is null ? "—" : Inv($"{b50.TurnsPerSecond / s50.TurnsPerSecond:F2} ({b50.TurnsPerSecond:N0} ÷ {s50.TurnsPerSecond:N0})"),
            b50 is null || s50 is null ? null : b50.TurnsPerSecond / s50.TurnsPerSecond >= 0.5);
        var cpu = b50?.CpuMsPerTurn / s50?.CpuMsPerTurn;
        yield return ("bot CPU per enrollment turn ÷ botbuilder echo CPU per turn ≤ 2× (50 people)",
            cpu is null ? "—" : Inv($"{cpu:F1}× ({b50!.CpuMsPerTurn:F2} ÷ {s50!.CpuMsPerTurn:F2} ms)"), cpu is null ? null : cpu <= 2);
        var (paced, sdkPaced) = (PacedAt(Bot, 200), PacedAt(Sdk, 200));
        yield return ("p99, 200 conversations pausing ~1 s, ≤ 12 ms and ≤ 3× botbuilder's",
            paced is null || sdkPaced is null ? "—" : Inv($"{paced.Percentile(99):F1} ms; botbuilder {sdkPaced.Percentile(99):F1} ms ({paced.Percentile(99) / sdkPaced.Percentile(99):F1}×)"),
            paced is null || sdkPaced is null ? null : paced.Percentile(99) <= 12 && paced.Percentile(99) <= 3 * sdkPaced.Percentile(99));
        int[] levels = [.. new[] { 1, 50, 200 }.Where(c => At(Help, c) is not null && At(Floor, c) is not null)];
        var help = levels.Select(c => (c, Ratio: At(Help, c)!.TurnsPerSecond / At(Floor, c)!.TurnsPerSecond)).ToList();
        yield return ("`help` turns/s ÷ echo floor ≥ 0.7 at 1, 50 and 200 people",
            help.Count == 0 ? "—" : string.Join("; ", help.Select(h => Inv($"{h.Ratio:F2} at {h.c}"))), help.Count == 0 ? null : help.All(h => h.Ratio >= 0.7));
        // The embedded simulator's side of each IAM call runs in the bot's process; out of process the CPU is the bot's alone, as in production.
        static List<(int c, double Cpu)> Cpu(Func<int, LoadResult?> at) =>
            [.. new[] { 1, 50, 200 }.Select(c => (c, Cpu: at(c)?.CpuMsPerTurn)).Where(x => x.Cpu is not null).Select(x => (x.c, x.Cpu!.Value))];
        static string Levels(List<(int c, double Cpu)> s) => string.Join("; ", s.Select(x => Inv($"{x.Cpu:F2} ms at {x.c}")));
        yield return Judged("`status` bot CPU per turn ≤ 0.3 ms at 1, 50 and 200 people",
            ("IAM out of process (the bot alone)", Cpu(c => At(Suite.ProductionStatus, c))), ("embedded simulator (IAM's side in the bot's process)", Cpu(c => At(Status, c))),
            Levels, s => s.All(x => x.Cpu <= 0.3));
        yield return Memory();
        static string Starts(List<TimeSpan> r) => Inv($"median {r[r.Count / 2].TotalSeconds:F2} s, worst {r[^1].TotalSeconds:F2} s of {r.Count} starts");
        yield return Judged("ready after start ≤ 0.2 s (median)",
            ("shipped build (ReadyToRun, as the Dockerfile publishes)", ShippedReadyTimes.Order().ToList()), ("this build (JIT)", ReadyTimes.Order().ToList()),
            Starts, r => r[r.Count / 2] <= TimeSpan.FromSeconds(0.2));
        foreach (var v in ProductionVerdicts()) yield return v;
    }

    /// <summary>
    /// A target judged on the preferred figures when measured, shown named with the fallback's beside them; without
    /// them, on the fallback's alone, unnamed as before the preferred ones existed.
    /// </summary>
    private static (string, string, bool?) Judged<T>(string target, (string Name, List<T> Values) preferred, (string Name, List<T> Values) fallback,
        Func<List<T>, string> words, Func<List<T>, bool> met)
    {
        if (preferred.Values.Count == 0) return fallback.Values.Count == 0 ? (target, "—", null) : (target, words(fallback.Values), met(fallback.Values));
        var shown = new[] { preferred, fallback }.Where(f => f.Values.Count > 0);
        return (target, string.Join("; ", shown.Select(f => $"{f.Name}: {words(f.Values)}")), met(preferred.Values));
    }

    private void ProductionMarkdown(StringBuilder md)
    {
        if (Production.Count == 0) return;
        md.AppendLine().AppendLine("Production-shaped rows (`production`): IAM in its own process, as real IAM is another host — the standalone simulator (src/MfaBot.IamSimulator, state in memory) behind a loopback proxy in the harness that adds the latency per call and counts the calls; the bot reaches it through Iam:ServiceUrl with its embedded simulator off, so the CPU column is the bot's alone. Bound: latency × the most IAM calls one turn makes (counted with the bot quiet) + 15 ms. Starvation: the bot exposes no thread-pool queue length, so its thread count (/proc/<pid>/status) is sampled every 100 ms; a starved pool injects threads about twice a second, so growth above " + ProductionRow.StarvationGrowth + " threads in a row is counted as starvation. "
            + "The bot handles at most BotFramework:MaxConcurrentConversations turns at once (" + (BotSettings.TryGetValue("BotFramework:MaxConcurrentConversations", out var lanes) ? lanes + ", set for this run" : "16, the default")
            + "); while they wait on IAM the others queue, so at latency L and c calls a turn that cap allows about lanes ÷ (L × c) turns/s."
            + (BotSettings.Count > 0 ? " Bot settings for these rows: " + string.Join(", ", BotSettings.Select(kv => $"`{kv.Key}={kv.Value}`")) + "." : "")).AppendLine();
        md.AppendLine("| row | people | IAM latency/call | IAM calls/turn (load) | most calls in a turn | turns/s | p50 ms | p99 ms | bound ms | bot CPU ms/turn | bot threads before → peak | errors | met |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var p in Production)
        {
            var r = p.Result;
            var bounded = p.DelayMs > 0 && r.Paced;
            md.AppendLine(Inv($"| {r.Target} | {r.People} | {p.DelayMs} ms | {p.CallsPerTurn:F2} | {p.MaxCallsPerTurn} | {r.TurnsPerSecond:N0} | {r.Percentile(50):F2} | {r.Percentile(99):F2} | {(bounded ? p.BoundMs.ToString("F0", CultureInfo.InvariantCulture) : "—")} | {(r.CpuMsPerTurn is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {p.Threads}{(p.Starved ? " (starved)" : "")} | {r.Errors.Count} | {(bounded ? (p.Met ? "yes" : "**no**") : "—")} |"));
        }
    }

    private void CampaignMarkdown(StringBuilder md)
    {
        if (Campaign is not { } c) return;
        md.AppendLine().AppendLine(Inv($"Campaign day (`campaign`): IAM out of process as above (no added latency), {c.People:N0} IAM users who are all members of one team. The demo manager (Megan) types `invite team` in the team's channel (preview of {c.People:N0} in {c.PreviewSeconds:F1} s) and confirms it in her chat; meanwhile {c.Enrollers:N0} of them enroll and {c.StatusAskers:N0} others ask `status`, each pausing 0.5–1.5 × {c.Think.TotalSeconds:0.#} s after each answer. The same mix ran first with no campaign. Every invitation costs the connector two requests (open the 1:1, send), which Campaigns:SendRatePerSecond = {c.RatePerSecond:0.#} limits together.")).AppendLine();
        md.AppendLine("| figure | no campaign | during the campaign |").AppendLine("| --- | ---: | ---: |");
        md.AppendLine(Inv($"| interactive turns/s | {c.Quiet.TurnsPerSecond:N0} | {c.During.TurnsPerSecond:N0} |"));
        md.AppendLine(Inv($"| interactive p50 / p99 ms | {c.Quiet.Percentile(50):F1} / {c.Quiet.Percentile(99):F1} | {c.During.Percentile(50):F1} / {c.During.Percentile(99):F1} |"));
        md.AppendLine(Inv($"| bot CPU ms/turn | {c.Quiet.CpuMsPerTurn:F2} | {c.During.CpuMsPerTurn:F2} (invitations included) |"));
        md.AppendLine(Inv($"| errors | {c.Quiet.Errors.Count} | {c.During.Errors.Count} |"));
        md.AppendLine(Inv($"| invitations delivered | — | {c.DeliveredDuringRun:N0} while the interactive run lasted; {c.Invites:N0} of {c.ToInvite:N0} in {c.DeliverySeconds:F1} s: {c.InvitesPerSecond:F1}/s |"));
        md.AppendLine(Inv($"| connector requests of the campaign | — | {c.RequestsPerSecond:F1}/s, peak {c.PeakRequestsPerSecond} in 1 s (limit {c.RatePerSecond:0.#}/s) |"));
        md.AppendLine(Inv($"| bot peak RSS | {(c.Quiet.Memory is { } q ? ProcessMemory.Megabytes(q.PeakRss) : "—")} | {(c.Memory is { } m ? ProcessMemory.Megabytes(m.PeakRss) : "—")} |"));
    }

    /// <summary>Issue 17's production-shaped and campaign targets.</summary>
    private IEnumerable<(string Target, string Figure, bool? Met)> ProductionVerdicts()
    {
        var bounded = Production.Where(p => p.DelayMs > 0 && p.Result.Paced).ToList();
        yield return ("IAM out of process, latency injected per call: p99 ≤ latency × calls + 15 ms at 200 paced conversations, without thread-pool starvation",
            bounded.Count == 0 ? "—" : string.Join("; ", bounded.Select(p => Inv($"+{p.DelayMs} ms: p99 {p.Result.Percentile(99):F1} ≤ {p.BoundMs:F0} ms? threads {p.Threads}{(p.Result.Errors.Count > 0 ? $", {p.Result.Errors.Count} errors" : "")}"))),
            bounded.Count == 0 ? null : bounded.All(p => p.Met));
        var c = Campaign;
        yield return ("campaign day: interactive p99 ≤ 1.5× the same turns without a campaign",
            c is null ? "—" : Inv($"{c.P99Ratio:F2}× ({c.During.Percentile(99):F1} ÷ {c.Quiet.Percentile(99):F1} ms)"), c is null ? null : c.P99Ratio <= 1.5);
        yield return ("campaign day: invitations go out at the configured rate (connector requests ≥ 0.8 × limit on average, never above it in any 1 s)",
            c is null ? "—" : Inv($"{c.InvitesPerSecond:F1} invites/s = {c.RequestsPerSecond:F1} requests/s, peak {c.PeakRequestsPerSecond} in 1 s; limit {c.RatePerSecond:0.#}/s"),
            c is null ? null : c.RequestsPerSecond >= 0.8 * c.RatePerSecond && c.PeakRequestsPerSecond <= c.RatePerSecond);
        yield return ("campaign day: bot peak RSS", c?.Memory is { } m ? ProcessMemory.Megabytes(m.PeakRss) : "—", null);
    }

    /// <summary>Peak RSS with 1,000 enrollments in flight and under the help load ≤ 120 MB, and below botbuilder's at every level.</summary>
    private (string, string, bool?) Memory()
    {
        const long limit = 120L * 1024 * 1024;
        var inFlight = InFlight?.Memory?.PeakRss;
        var helpPeak = Results.Where(r => r.Target == Help).Select(r => r.Memory?.PeakRss ?? 0).DefaultIfEmpty().Max();
        var levels = Concurrencies.Select(c => (c, Bot: At(Bot, c)?.Memory?.PeakRss, Sdk: At(Sdk, c)?.Memory?.PeakRss))
            .Where(l => l.Bot is not null && l.Sdk is not null).ToList();
        if (inFlight is null || levels.Count == 0) return ("peak RSS ≤ 120 MB (1,000 in flight, help load) and below botbuilder's", "—", null);
        var figure = $"{ProcessMemory.Megabytes(inFlight.Value)} with {InFlight!.QrCardsShown} in flight; {ProcessMemory.Megabytes(helpPeak)} under help; " +
            string.Join(", ", levels.Select(l => $"{ProcessMemory.Megabytes(l.Bot!.Value)} vs {ProcessMemory.Megabytes(l.Sdk!.Value)} at {l.c}"));
        return ("peak RSS ≤ 120 MB (1,000 in flight, help load) and below botbuilder's", figure,
            inFlight <= limit && helpPeak <= limit && levels.All(l => l.Bot < l.Sdk));
    }

    public string LatencySvg()
    {
        double[] ps = [50, 75, 90, 95, 99, 99.9];
        string[] colors = ["#d62728", "#1f77b4", "#2ca02c"];
        var top = Concurrencies.LastOrDefault();
        var series = new List<Series>();
        foreach (var (target, i) in new[] { Bot, Floor, Sdk }.Select((t, i) => (t, i)))
            foreach (var r in new[] { At(target, top), PacedAt(target, 200), At(target, 1) }.OfType<LoadResult>().Where(r => r.SortedLatenciesMs.Length > 0))
                series.Add(new Series($"{target}, {r.People}", colors[i], [.. ps.Select(r.Percentile), r.SortedLatenciesMs.Last()], Dash: r.Paced ? "2 3" : r.Concurrency != top ? "6 4" : null));
        return SvgChart.Lines("Turn latency: activity posted → reply at the connector", "percentile", "ms",
            [.. ps.Select(p => "p" + p.ToString(CultureInfo.InvariantCulture)), "max"], series, logY: true);
    }

    public string ThroughputSvg()
    {
        string[] colors = ["#d62728", "#1f77b4", "#2ca02c"];
        var series = new[] { Bot, Floor, Sdk }.Select((t, i) => new Series(t, colors[i],
            [.. Concurrencies.Select(c => At(t, c)?.TurnsPerSecond ?? double.NaN)])).ToList();
        return SvgChart.Lines("Throughput against concurrency", "people in conversation at once", "turns/s",
            [.. Concurrencies.Select(c => c.ToString(CultureInfo.InvariantCulture))], series, logY: false);
    }

    /// <summary>Replaces this run's section in docs/BENCHMARKS.md (appends it the first time) and writes the charts next to it.</summary>
    public void WriteDocs(string docsFolder)
    {
        DocsSection.Write(docsFolder, Begin, End, Markdown());
        File.WriteAllText(Path.Combine(docsFolder, "latency.svg"), LatencySvg());
        File.WriteAllText(Path.Combine(docsFolder, "throughput.svg"), ThroughputSvg());
    }

    private static string Ratio(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Inv($"{x / y:F1}×") : "—";

    private static string Fraction(double? a, double? b) => a is { } x && b is { } y && y > 0 ? Inv($"{x / y:F2}") : "—";

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

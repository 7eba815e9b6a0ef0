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
    private const string Bot = "MfaBot", Floor = "echo floor", Sdk = "botbuilder echo";

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
            md.AppendLine(Inv($"| {r.Target} | {r.People} | {r.TurnsPerSecond:N0} | {r.Percentile(50):F2} | {r.Percentile(95):F2} | {r.Percentile(99):F2} | {r.SortedLatenciesMs.LastOrDefault():F1} | {r.Errors.Count} | {(r.CpuMsPerTurn is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {(r.Memory is { } m ? ProcessMemory.Megabytes(m.PeakRss) : "in the harness")} |"));
        md.AppendLine().AppendLine("MfaBot's turn cost as ratios to the baselines (lower is better for MfaBot):").AppendLine();
        md.AppendLine("| people | mean latency ÷ echo floor | mean latency ÷ botbuilder | echo floor turns/s ÷ MfaBot | botbuilder turns/s ÷ MfaBot | CPU/turn ÷ botbuilder |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var c in Concurrencies)
            if (At(Bot, c) is { } b && At(Floor, c) is { } f && At(Sdk, c) is { } s)
                md.AppendLine(Inv($"| {c} | {b.MeanMs / f.MeanMs:F1}× | {b.MeanMs / s.MeanMs:F1}× | {f.TurnsPerSecond / b.TurnsPerSecond:F1}× | {s.TurnsPerSecond / b.TurnsPerSecond:F1}× | {Ratio(b.CpuMsPerTurn, s.CpuMsPerTurn)} |"));
        md.AppendLine().AppendLine("| target | figure | met |").AppendLine("| --- | --- | --- |");
        foreach (var (target, figure, met) in Verdicts()) md.AppendLine($"| {target} | {figure} | {(met is null ? "not measured" : met.Value ? "yes" : "**no**")} |");
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

    public IEnumerable<(string Target, string Figure, bool? Met)> Verdicts()
    {
        var top = Concurrencies.LastOrDefault();
        var (b1, f1, bTop, fTop, sTop) = (At(Bot, 1), At(Floor, 1), At(Bot, top), At(Floor, top), At(Sdk, top));
        if (b1 is not null && f1 is not null && bTop is not null && fTop is not null)
        {
            var latency = b1.MeanMs / f1.MeanMs;
            var throughput = fTop.TurnsPerSecond / bTop.TurnsPerSecond;
            yield return ("enrollment turn ≤ 2× the echo floor's cost", Inv($"{latency:F1}× mean latency at 1 person; {throughput:F1}× turns/s at {top}"), latency <= 2 && throughput <= 2);
        }
        if (bTop is not null && sTop is not null)
            yield return ("more turns/s than the botbuilder echo bot", Inv($"{bTop.TurnsPerSecond:N0} vs {sTop.TurnsPerSecond:N0} at {top} people"), bTop.TurnsPerSecond > sTop.TurnsPerSecond);
        // Conversations go at people's pace; the closed loop's figure (saturation) is shown beside it.
        var (paced, closed) = (PacedAt(Bot, 200), At(Bot, 200));
        var figure = string.Join("; ", new[]
        {
            paced is null ? null : Inv($"{paced.Percentile(99):F1} ms with people pausing {paced.Think.TotalSeconds:0.#} s ({paced.TurnsPerSecond:N0} turns/s)"),
            closed is null ? null : Inv($"{closed.Percentile(99):F1} ms in a closed loop (no pause, {closed.TurnsPerSecond:N0} turns/s)"),
        }.OfType<string>());
        yield return ("p99 ≤ 25 ms at 200 conversations", figure.Length == 0 ? "—" : figure, paced is null ? null : paced.Percentile(99) <= 25);
        var rss = InFlight?.Memory;
        yield return ("≤ 150 MB RSS with 1,000 enrollments in flight",
            rss is null ? "—" : $"{ProcessMemory.Megabytes(rss.Rss)} with {InFlight!.QrCardsShown} QR cards open (peak {ProcessMemory.Megabytes(rss.PeakRss)})",
            rss is null ? null : rss.Rss <= 150L * 1024 * 1024);
        var ready = ReadyTimes.Order().ToList();
        yield return ("ready ≤ 1.5 s", ready.Count == 0 ? "—" : Inv($"median {ready[ready.Count / 2].TotalSeconds:F2} s, worst {ready[^1].TotalSeconds:F2} s of {ready.Count} starts"),
            ready.Count == 0 ? null : ready[^1] <= TimeSpan.FromSeconds(1.5));
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

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text;
using MfaBot.LoadTest.Scenarios;

namespace MfaBot.LoadTest.Report;

/// <summary>The same enrollment sweep against each storage provider, from one run (mode `storage`).</summary>
public sealed record StorageReport(IReadOnlyList<LoadResult> Results, string Note)
{
    public const string Begin = "<!-- storage:begin (written by tests/MfaBot.LoadTest, mode storage) -->";
    public const string End = "<!-- storage:end -->";

    public string Markdown()
    {
        var md = new StringBuilder().AppendLine(Begin).AppendLine("## Enrollment turns by storage provider (tests/MfaBot.LoadTest, `storage`)").AppendLine();
        md.AppendLine(Note).AppendLine();
        md.AppendLine("| provider | people | turns/s | p50 ms | p99 ms | bot CPU ms/turn | bot peak RSS | errors |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in Results.OrderBy(r => r.Paced).ThenBy(r => r.Concurrency).ThenBy(r => Order(r.Target)))
            md.AppendLine(Inv($"| {r.Target} | {r.People} | {r.TurnsPerSecond:N0} | {r.Percentile(50):F2} | {r.Percentile(99):F2} | {(r.CpuMsPerTurn is { } c ? c.ToString("F2", CultureInfo.InvariantCulture) : "—")} | {(r.Memory is { } m ? Targets.ProcessMemory.Megabytes(m.PeakRss) : "—")} | {r.Errors.Count} |"));
        return md.AppendLine().AppendLine(End).ToString();
    }

    private int Order(string target) => Results.Select(r => r.Target).Distinct().ToList().IndexOf(target);

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

using MfaBot.LeakScan.Recording;
using MfaBot.LeakScan.Scanning;

namespace MfaBot.LeakScan.Suite;

/// <summary>
/// The scan after the whole suite: every seed and code in the run's ledger looked for in every kept file, every
/// recorded log line and every database row, plus seed-like Base32 nobody recorded.
/// </summary>
public static class SuiteScan
{
    public static async Task<ScanResult> RunAsync(ScanInputs inputs, CancellationToken ct = default)
    {
        var (seeds, codes) = LedgerFile.ReadFolder(Path.Combine(inputs.Artifacts, RunFolder.Ledger));
        var figures = new ScanFigures { Seeds = seeds.Count, Codes = codes.Count };
        var scanner = new SecretScanner(seeds, codes, seedLike: true);
        var findings = new List<SecretFinding>();
        foreach (var path in (string[])[Path.Combine(inputs.Artifacts, RunFolder.Kept), Path.Combine(inputs.Artifacts, RunFolder.Logs), .. inputs.Extra])
            FileSource.Scan(path, inputs.Artifacts, scanner, figures, findings);
        if (inputs.Postgres is { Length: > 0 } server) await PostgresSource.ScanAsync(server, inputs.Databases, scanner, figures, findings, ct);
        return new ScanResult(figures, findings, Refusals(inputs.Artifacts, figures));
    }

    /// <summary>A scan with nothing to look for, or nothing to look in, would pass whatever the tests leaked.</summary>
    private static List<string> Refusals(string artifacts, ScanFigures figures)
    {
        var refusals = new List<string>();
        if (figures.Seeds == 0) refusals.Add("the ledger holds no seed: the test helpers recorded none, so a clean scan would prove nothing");
        if (figures.Codes == 0) refusals.Add("the ledger holds no code: the test helpers recorded none, so a clean scan would prove nothing");
        if (figures.Files == 0) refusals.Add("no file was kept or logged: the test helpers kept nothing to scan");
        if (figures.LogLines == 0) refusals.Add("no log line was recorded: the test loggers wrote nothing to scan");
        var notes = Path.Combine(artifacts, RunFolder.Notes);
        if (Directory.Exists(notes))
            refusals.AddRange(Directory.EnumerateFiles(notes).SelectMany(File.ReadLines).Select(n => "incomplete: " + n));
        return refusals;
    }
}

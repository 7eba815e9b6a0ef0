using MfaBot.LeakScan.Scanning;

namespace MfaBot.LeakScan.Suite;

/// <param name="Artifacts">The MFABOT_TEST_ARTIFACTS folder of the run: its ledger, kept files and logs.</param>
/// <param name="Extra">More files or folders to scan (the PostgreSQL server's log).</param>
/// <param name="Postgres">A connection string to the test cluster; every row of every table of every database is scanned.</param>
/// <param name="Databases">Only these databases (for the scanner's own tests); null for all.</param>
public sealed record ScanInputs(string Artifacts, IReadOnlyList<string> Extra, string? Postgres, IReadOnlyCollection<string>? Databases = null);

/// <summary>How much was looked at, so a pass can be judged (a scan of nothing passes nothing).</summary>
public sealed class ScanFigures
{
    public int Seeds { get; set; }
    public int Codes { get; set; }
    public long Files { get; set; }
    public long Bytes { get; set; }
    public long LogLines { get; set; }
    public int Databases { get; set; }
    public int Tables { get; set; }
    public long Rows { get; set; }
}

/// <param name="Refusals">Why the scan cannot pass even without findings (an empty ledger, something not kept).</param>
public sealed record ScanResult(ScanFigures Figures, IReadOnlyList<SecretFinding> Findings, IReadOnlyList<string> Refusals)
{
    public bool Passed => Findings.Count == 0 && Refusals.Count == 0;
}

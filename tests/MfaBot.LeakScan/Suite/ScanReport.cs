namespace MfaBot.LeakScan.Suite;

/// <summary>The figures, then every finding's location and form (never the secret), then why it cannot pass.</summary>
public static class ScanReport
{
    private const int MaxListed = 100;

    public static void Write(ScanResult result, TextWriter output)
    {
        var f = result.Figures;
        output.WriteLine(FormattableString.Invariant(
            $"secret scan: {f.Seeds:N0} seeds and {f.Codes:N0} codes from the ledger, looked for in {f.Files:N0} files ({f.Bytes / 1048576.0:N1} MB, {f.LogLines:N0} log lines) and {f.Rows:N0} rows of {f.Tables:N0} tables in {f.Databases:N0} databases"));
        foreach (var finding in result.Findings.Take(MaxListed)) output.WriteLine("  FOUND " + finding);
        if (result.Findings.Count > MaxListed) output.WriteLine($"  … and {result.Findings.Count - MaxListed} more");
        foreach (var refusal in result.Refusals) output.WriteLine("  REFUSED " + refusal);
        output.WriteLine(result.Passed ? "secret scan: nothing found" : $"secret scan FAILED: {result.Findings.Count} findings, {result.Refusals.Count} reasons to refuse");
    }
}

namespace MfaBot.LeakScan.Recording;

/// <summary>
/// Where test helpers record every seed they learn (a QR code read, a "Can't scan?" key, a simulator's answer) and
/// every code they type, for the scan after the whole suite. Does nothing unless <see cref="RunFolder.Enabled"/>.
/// </summary>
public static class RunLedger
{
    private static readonly LedgerFile? Writer = RunFolder.Enabled ? new LedgerFile(RunFolder.NewPath(RunFolder.Ledger, "ledger.txt")) : null;

    public static void Seed(string base32) => Writer?.AddSeed(base32);

    public static void Seed(ReadOnlySpan<byte> key) => Writer?.AddSeed(key);

    public static void Codes(params ReadOnlySpan<string> codes) => Writer?.AddCodes(codes);
}

using System.Globalization;

namespace MfaBot.LeakScan.Recording;

/// <summary>
/// The run-wide folder named by MFABOT_TEST_ARTIFACTS (./test.sh sets it): what the tests learned (ledger/), and what
/// the bot and the simulator wrote (kept/) or logged (logs/), for the scan after the whole suite. When it is unset,
/// nothing is recorded or kept and the tests behave as without it.
/// </summary>
public static class RunFolder
{
    public const string Variable = "MFABOT_TEST_ARTIFACTS";

    /// <summary>Per test process, for kept folders and log lines together; past it the scan reports itself incomplete.</summary>
    public const string LimitVariable = "MFABOT_TEST_ARTIFACTS_MAX_MB";

    public const string Ledger = "ledger";
    public const string Kept = "kept";
    public const string Logs = "logs";

    /// <summary>What could not be kept; any line here makes the scan refuse to pass.</summary>
    public const string Notes = "notes";

    public static string? Root { get; } = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } root ? Path.GetFullPath(root) : null;

    public static bool Enabled => Root is not null;

    private static readonly long Limit =
        (long.TryParse(Environment.GetEnvironmentVariable(LimitVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var mb) ? mb : 2048) << 20;

    private static long _used;

    /// <summary>A new path of this process's own under <paramref name="sub"/>, so processes never write one file together.</summary>
    internal static string NewPath(string sub, string name)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root!, sub)).FullName;
        return Path.Combine(folder, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}-{name}");
    }

    /// <summary>Counts <paramref name="bytes"/> against the limit; false (and nothing counted) when they do not fit.</summary>
    internal static bool TryUse(long bytes)
    {
        if (Interlocked.Add(ref _used, bytes) <= Limit) return true;
        Interlocked.Add(ref _used, -bytes);
        return false;
    }

    private static readonly Lock NoteGate = new();

    internal static void Note(string line)
    {
        lock (NoteGate) File.AppendAllText(Path.Combine(Directory.CreateDirectory(Path.Combine(Root!, Notes)).FullName, $"{Environment.ProcessId}.txt"), line + "\n");
    }
}

using System.Runtime.InteropServices;

namespace MfaBot.Hosting;

/// <summary>
/// glibc's allocator, tuned for a long-running bot on a small instance. Native allocations (OpenSSL, SQLite, the JIT)
/// come and go in bursts; by default glibc raises its trim and mmap thresholds after each large free (up to 32 and
/// 64 MB) and keeps up to 8 arenas per core, so the freed memory stays resident: about 29 MB of the bot's RSS with
/// 1,000 enrollments in flight was free space in 8 arenas (docs/BENCHMARKS.md, "Start-up and memory").
/// </summary>
public static class NativeHeap
{
    // mallopt parameters (glibc malloc.h).
    private const int TrimThreshold = -1, MmapThreshold = -3, ArenaMax = -8;

    /// <summary>glibc's own defaults for small blocks, fixed so that they no longer grow.</summary>
    public const int ThresholdBytes = 128 * 1024;

    /// <summary>
    /// Fixes the thresholds and caps the arenas at one per core (at least two), unless the MALLOC_* variables already
    /// say otherwise. Elsewhere than glibc (musl, macOS, Windows) it does nothing. True when glibc took the settings.
    /// </summary>
    public static bool Tune()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            var taken = true;
            if (Unset("MALLOC_TRIM_THRESHOLD_")) taken &= mallopt(TrimThreshold, ThresholdBytes) == 1;
            if (Unset("MALLOC_MMAP_THRESHOLD_")) taken &= mallopt(MmapThreshold, ThresholdBytes) == 1;
            if (Unset("MALLOC_ARENA_MAX")) taken &= mallopt(ArenaMax, Math.Max(2, Environment.ProcessorCount)) == 1;
            return taken;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static bool Unset(string variable) => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable));

    [DllImport("libc.so.6", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int mallopt(int parameter, int value);
}

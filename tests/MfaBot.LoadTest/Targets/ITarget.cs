namespace MfaBot.LoadTest.Targets;

/// <summary>A bot endpoint under test: where the channel posts activities, and what it costs its process.</summary>
public interface ITarget : IAsyncDisposable
{
    string Name { get; }

    string MessagesUrl { get; }

    /// <summary>From process start to the first successful GET; null when the target lives in this process.</summary>
    TimeSpan? ReadyAfter { get; }

    /// <summary>Memory of the target's own process; null when it lives in this process.</summary>
    ProcessMemory? Memory();
}

/// <summary>Resident set size now and its peak (VmRSS, VmHWM from /proc/&lt;pid&gt;/status), in bytes.</summary>
public sealed record ProcessMemory(long Rss, long PeakRss)
{
    public static ProcessMemory? Of(int pid)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path)) return null;
        long Read(string[] lines, string field) =>
            lines.Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
                .Select(l => long.Parse(l[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024).FirstOrDefault();
        try
        {
            var lines = File.ReadAllLines(path);
            return new ProcessMemory(Read(lines, "VmRSS"), Read(lines, "VmHWM"));
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MB";
}

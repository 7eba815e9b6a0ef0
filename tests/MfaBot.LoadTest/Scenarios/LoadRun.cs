using System.Globalization;
using System.Diagnostics;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Targets;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>The figures of one target at one concurrency.</summary>
public sealed record LoadResult(string Target, int Concurrency, TimeSpan Think, int Turns, IReadOnlyList<string> Errors, double Seconds,
    double[] SortedLatenciesMs, ProcessMemory? Memory, double? CpuMsPerTurn)
{
    public bool Paced => Think > TimeSpan.Zero;

    public string People => Paced ? Inv($"{Concurrency}, {Think.TotalSeconds:0.#} s think") : Inv($"{Concurrency}");

    public double TurnsPerSecond => Turns / Seconds;

    /// <summary>Nearest-rank percentile.</summary>
    public double Percentile(double p) =>
        SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[Math.Clamp((int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length) - 1, 0, SortedLatenciesMs.Length - 1)];

    public double MeanMs => SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs.Average();

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// N people for a warm-up, then a measured window. Each waits for its answer before its next turn: at once (a closed loop,
/// <paramref name="think"/> zero, which measures saturation) or after a pause, as people in a conversation do.
/// </summary>
public static class LoadRun
{
    /// <param name="window">Called with true as the measured window opens and false as it closes (e.g. to read a counter).</param>
    public static async Task<LoadResult> RunAsync(ITarget target, IScenario scenario, int concurrency, TimeSpan think, TimeSpan warmup, TimeSpan duration,
        Action<bool>? window = null)
    {
        var measuring = false;
        using var stop = new CancellationTokenSource();
        var recorders = Enumerable.Range(0, concurrency).Select(_ => new TurnRecorder(() => Volatile.Read(ref measuring), think)).ToArray();
        var workers = recorders.Select((r, i) => Task.Run(() => WorkAsync(scenario, Person.Numbered(i), r, stop.Token))).ToArray();

        await Task.Delay(warmup);
        var cpuBefore = CpuTime(target);
        var clock = Stopwatch.StartNew();
        window?.Invoke(true);
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        window?.Invoke(false);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpu = CpuTime(target) - cpuBefore;
        var memory = target.Memory();
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        var latencies = recorders.SelectMany(r => r.LatenciesMs).Order().ToArray();
        var errors = recorders.SelectMany(r => r.Errors).ToList();
        return new LoadResult(target.Name, concurrency, think, latencies.Length, errors, seconds, latencies, memory,
            cpu is { } c && latencies.Length > 0 ? c.TotalMilliseconds / latencies.Length : null);
    }

    private static async Task WorkAsync(IScenario scenario, Person person, TurnRecorder recorder, CancellationToken stop)
    {
        // Paced people start spread over one pause, not all in the same millisecond.
        await recorder.ThinkAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await scenario.IterateAsync(person, recorder, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException or OperationCanceledException or Iam.IamException)
            {
                recorder.Error($"{scenario.Name}: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    /// <summary>User + system CPU time of the target's process (/proc/&lt;pid&gt;/stat, in clock ticks of 10 ms).</summary>
    private static TimeSpan? CpuTime(ITarget target)
    {
        var pid = target switch
        {
            NamedTarget n => n.Inner is BotProcess b ? b.Process.Pid : null,
            BotProcess b => b.Process.Pid,
            BotbuilderTarget n => n.Pid,
            EchoTarget e => e.Pid,
            _ => (int?)null,
        };
        if (pid is null || !File.Exists($"/proc/{pid}/stat")) return null;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
    }
}

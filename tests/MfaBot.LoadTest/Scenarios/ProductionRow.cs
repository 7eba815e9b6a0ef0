using System.Globalization;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>
/// One row with IAM out of process (the standalone simulator behind <see cref="Targets.LatencyProxy"/>):
/// <paramref name="DelayMs"/> added to every IAM call, <paramref name="CallsPerTurn"/> the bot's IAM calls per measured
/// turn under load (the proxy's count ÷ turns), <paramref name="MaxCallsPerTurn"/> the most calls one turn made when the
/// bot was quiet (enroll and codes turns counted alone), threads of the bot before the row and at its peak.
/// </summary>
public sealed record ProductionRow(LoadResult Result, int DelayMs, double CallsPerTurn, int MaxCallsPerTurn, int ThreadsBefore, int ThreadsPeak)
{
    /// <summary>Thread growth over one row above which the pool is taken as starved (it injects about 2 threads/s then).</summary>
    public const int StarvationGrowth = 8;

    /// <summary>Issue 17: p99 ≤ latency × calls + 15 ms (calls: the most one turn makes, so the slowest turn's bound).</summary>
    public double BoundMs => DelayMs * MaxCallsPerTurn + 15;

    public bool Starved => ThreadsPeak - ThreadsBefore > StarvationGrowth;

    public bool Met => Result.Percentile(99) <= BoundMs && !Starved && Result.Errors.Count == 0;

    public string Threads => string.Create(CultureInfo.InvariantCulture, $"{ThreadsBefore} → {ThreadsPeak}");
}

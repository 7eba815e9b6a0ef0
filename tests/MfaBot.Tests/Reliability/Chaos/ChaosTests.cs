using System.Globalization;
using Xunit.Abstractions;

namespace MfaBot.Tests.Reliability.Chaos;

/// <summary>
/// Issue 19's chaos run, small enough for every test run: people enroll at once while 30% of IAM calls fail, a third of
/// them after AWS acted. MFABOT_CHAOS_PEOPLE, MFABOT_CHAOS_FAIL_RATE and MFABOT_CHAOS_LATENCY_MS (added to every IAM call) make it the benchmark's full run
/// (docs/BENCHMARKS.md); above 30% only the truth is required, not that everyone makes it.
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Under_faults_as_AWS_has_them_nobody_is_told_anything_false_no_turn_is_silent_and_the_sweeper_leaves_no_orphan()
    {
        var people = int.TryParse(Environment.GetEnvironmentVariable("MFABOT_CHAOS_PEOPLE"), out var n) ? n : 10;
        var latency = int.TryParse(Environment.GetEnvironmentVariable("MFABOT_CHAOS_LATENCY_MS"), out var l) ? l : 20;
        var failRate = double.TryParse(Environment.GetEnvironmentVariable("MFABOT_CHAOS_FAIL_RATE"), CultureInfo.InvariantCulture, out var f) ? f : 0.3;

        var result = await new ChaosRun(people, failRate, latency).RunAsync();

        output.WriteLine("| people | IAM calls failing | enrolled | tries per person | false claims | silent turns | orphans after the sweeper | double devices | p99 turn |");
        output.WriteLine(result.Row);
        foreach (var text in result.People.Where(p => !p.ToldSuccess).GroupBy(p => p.LastText)) output.WriteLine($"{text.Count()} × {text.Key}");
        Assert.InRange((double)result.FaultsInjected / result.IamCalls, failRate * 0.5, failRate * 1.5);
        Assert.Equal(0, result.FalseClaims);
        Assert.Equal(0, result.SilentTurns);
        Assert.Equal(0, result.Orphans);
        Assert.Equal(0, result.DoubleDevices);
        Assert.Equal(0, result.Leaks);
        Assert.True(result.P99 < TimeSpan.FromSeconds(15), $"p99 turn {result.P99}");
        Assert.All(result.People.Where(p => !p.ToldSuccess).Select(p => p.LastText), t => Assert.Contains("AWS", t, StringComparison.Ordinal));
        if (failRate <= 0.3) Assert.True(result.Enrolled >= people * 0.9, $"{result.Enrolled} of {people} enrolled");
    }
}

using System.Diagnostics;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Targets;

namespace MfaBot.LoadTest.Scenarios;

public sealed record InFlightResult(int People, int QrCardsShown, IReadOnlyList<string> Errors, double Seconds, ProcessMemory? Memory, TimeSpan? ReadyAfter);

/// <summary>Many enrollments left open: everyone says "enroll" and gets a QR card, nobody submits codes yet.</summary>
public static class InFlightRun
{
    public static async Task<InFlightResult> RunAsync(BotProcess bot, EnrollmentFlow enrollment, int people, int parallel = 32)
    {
        var shown = 0;
        var errors = new List<string>();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, people), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            try
            {
                var (card, turn) = await enrollment.StartAsync(Person.Numbered(i), ct);
                if (card is not null) Interlocked.Increment(ref shown);
                else lock (errors) errors.Add(turn.Answer.Text ?? "(no text)");
            }
            catch (Exception e) when (e is HttpRequestException or TimeoutException)
            {
                lock (errors) errors.Add(e.Message);
            }
        });
        // Let the runtime settle (timers, GC) before reading memory as it stands with everything open.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return new InFlightResult(people, shown, errors, clock.Elapsed.TotalSeconds, bot.Memory(), bot.ReadyAfter);
    }
}

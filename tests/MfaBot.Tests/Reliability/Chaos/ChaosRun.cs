using System.Collections.Concurrent;
using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Scenarios;
using MfaBot.LoadTest.Targets;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Reliability.Chaos;

/// <summary>
/// <paramref name="People"/> people enroll at once through the bot (Teams activities to /api/messages) against the
/// standalone simulator in its own process, which fails <paramref name="FailRate"/> of IAM calls (a third after acting),
/// switched on and off through its /_faults endpoint. Each person is patient: up to three "enroll"s, and new codes when
/// told the device was not enabled. Then the sweeper runs, still under faults, until it has cleaned up.
/// </summary>
public sealed record ChaosRun(int People, double FailRate, int LatencyMs)
{
    private const int Tries = 3;

    public async Task<ChaosResult> RunAsync()
    {
        var logs = new RecordingLoggerProvider();
        var folder = Directory.CreateTempSubdirectory("mfabot-chaos-").FullName;
        await using var simulator = await SimulatorProcess.StartAsync(folder, People);
        await using var bot = await ReliabilityBot.StartAsync(People, logs, iamUrl: simulator.IamUrl, settings: new Dictionary<string, string?>
        {
            // Attempts that get no answer give up after a second, so timeouts cost the run seconds rather than minutes.
            ["Iam:RequestTimeout"] = "00:00:01",
            ["Iam:RetryBaseDelay"] = "00:00:00.050",
            ["Iam:MaxRetryDelay"] = "00:00:00.500",
            ["Enrollment:SweepInterval"] = "01:00:00",
        });
        using var faults = new FaultSwitch(new Uri(simulator.IamUrl));
        await faults.PutAsync(ChaosFaults.For(FailRate, LatencyMs));

        var people = await Task.WhenAll(Enumerable.Range(0, People).Select(i => EnrollAsync(bot, Person.Numbered(i))));
        var counters = (await faults.GetAsync()).GetProperty("counters");

        bot.Clock.Advance(TimeSpan.FromMinutes(12));
        var sweeper = bot.Bot.Services.GetRequiredService<EnrollmentSweeper>();
        // The sweeper runs on a timer for ever; here it runs back to back until IAM lists no abandoned device.
        var sweeps = 0;
        for (; sweeps < 200 && await AnyOrphanAsync(bot); sweeps++)
        {
            try { await sweeper.SweepAsync(CancellationToken.None); } catch (IamException) { }
        }
        await faults.OffAsync();

        var orphans = (await bot.Admin.UnassignedBotDevicesAsync()).Count;
        var devices = await Task.WhenAll(Enumerable.Range(0, People).Select(async i => (await bot.Admin.Gateway.ListMfaDevicesAsync(Person.Numbered(i).Email)).Count));
        var successLater = Enumerable.Range(0, People).Select(i => bot.Connector.InboxOf(Person.Numbered(i).ConversationId).Transcript.Any(EnrollmentFlow.IsSuccess)).ToArray();
        // False: told success without a device, or holding a device that nobody ever announced (in the turn or by the sweeper).
        var falseClaims = people.Select((p, i) => p.ToldSuccess ? devices[i] == 0 : devices[i] > 0 && !successLater[i]).Count(f => f);
        var injected = counters.EnumerateObject().Sum(a => a.Value.TryGetProperty("Faults", out var n) ? n.GetInt64() : 0);
        var calls = counters.EnumerateObject().Sum(a => a.Value.GetProperty("Calls").GetInt64());
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        return new ChaosResult(this, people, devices.Count(d => d == 1), devices.Count(d => d > 1), orphans, sweeps, falseClaims, calls, injected,
            bot.Ledger.Scan([bot.DataFolder], logs.Lines.Select(l => ("log", l))).Count);
    }

    /// <summary>Whether the sweeper has work left; asked under faults, so a failed list counts as "maybe".</summary>
    private static async Task<bool> AnyOrphanAsync(ReliabilityBot bot)
    {
        try { return (await bot.Admin.UnassignedBotDevicesAsync()).Count > 0; }
        catch (IamException) { return true; }
    }

    private static async Task<PersonOutcome> EnrollAsync(ReliabilityBot bot, Person person)
    {
        var outcome = new PersonOutcome();
        for (var attempt = 0; attempt < Tries && !outcome.ToldSuccess && !outcome.Undecided; attempt++)
        {
            outcome.Tries++;
            var started = await TurnAsync(outcome, () => bot.Enrollment.StartAsync(person));
            if (started is not { Card: { } card }) continue;
            for (var codes = 0; codes < Tries; codes++)
            {
                var answer = await TurnAsync(outcome, async () => (Card: (EnrollmentFlow.Started?)null, Turn: await bot.Enrollment.SubmitCodesAsync(person, card)));
                if (answer is not { Turn: var turn }) break;
                outcome.ToldSuccess = EnrollmentFlow.Succeeded(turn);
                outcome.Undecided = turn.Answer.Text?.StartsWith("AWS did not confirm whether", StringComparison.Ordinal) == true;
                if (outcome.ToldSuccess || turn.Answer.Text?.StartsWith("Your device was not enabled", StringComparison.Ordinal) != true) break;
                await Task.Delay(TimeSpan.FromSeconds(1)); // fresh codes: the step that was used is not accepted twice
            }
            if (!outcome.ToldSuccess && !outcome.Undecided)
                await TurnAsync(outcome, async () => (Card: (EnrollmentFlow.Started?)null, Turn: await bot.Channel.TurnAsync(person, person.Message(bot.Channel.ServiceUrl, "cancel"), c => c.Text is not null)));
        }
        return outcome;
    }

    /// <summary>One turn, timed; a turn the bot never answers is counted as silent.</summary>
    private static async Task<(EnrollmentFlow.Started? Card, ChannelClient.Turn Turn)?> TurnAsync(PersonOutcome outcome,
        Func<Task<(EnrollmentFlow.Started? Card, ChannelClient.Turn Turn)>> turn)
    {
        try
        {
            var done = await turn();
            outcome.Latencies.Add(done.Turn.Latency);
            outcome.LastText = done.Turn.Answer.Text ?? outcome.LastText;
            return done;
        }
        catch (TimeoutException)
        {
            outcome.SilentTurns++;
            return null;
        }
    }
}

public sealed class PersonOutcome
{
    public int Tries { get; set; }
    public bool ToldSuccess { get; set; }
    public bool Undecided { get; set; }
    public int SilentTurns { get; set; }
    public string? LastText { get; set; }
    public ConcurrentBag<TimeSpan> Latencies { get; } = [];
}

public sealed record ChaosResult(ChaosRun Run, PersonOutcome[] People, int Enrolled, int DoubleDevices, int Orphans, int Sweeps, int FalseClaims,
    long IamCalls, long FaultsInjected, int Leaks)
{
    public double TriesPerPerson => People.Average(p => p.Tries);
    public int SilentTurns => People.Sum(p => p.SilentTurns);
    public TimeSpan P99 => Percentile(0.99);
    public TimeSpan Percentile(double q)
    {
        var all = People.SelectMany(p => p.Latencies).Order().ToArray();
        return all.Length == 0 ? TimeSpan.Zero : all[Math.Min(all.Length - 1, (int)Math.Ceiling(q * all.Length) - 1)];
    }

    public string Row => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"| {Run.People} | {Run.FailRate:P0} ({(double)FaultsInjected / IamCalls:P0} of {IamCalls} calls) | {Enrolled}/{Run.People} ({People.Count(p => p.ToldSuccess)} in the turn) | {TriesPerPerson:0.00} | {FalseClaims} | {SilentTurns} | {Orphans} ({Sweeps} sweeps) | {DoubleDevices} | {P99.TotalMilliseconds:0} ms |");
}

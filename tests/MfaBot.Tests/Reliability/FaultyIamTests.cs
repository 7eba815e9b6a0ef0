using MfaBot.Enrollment;
using MfaBot.IamSimulator;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Scenarios;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace MfaBot.Tests.Reliability;

public class FaultyIamTests(ITestOutputHelper output)
{
    private const int People = 20;

    /// <summary>
    /// What the bot may say instead of succeeding: each names AWS, what failed and what to do; none is silence, and none
    /// blames the bot ("something went wrong on my side" is for its own bugs).
    /// </summary>
    private static readonly string[] ClearFailures =
    [
        "I couldn't create your MFA device: AWS",
        "Your device was not enabled: AWS",
        "Sorry, I couldn't finish this: AWS",
        "AWS did not confirm whether it enabled your device",
    ];

    [Fact]
    public async Task With_30_percent_of_IAM_calls_failing_every_enrollment_ends_in_success_or_a_clear_message_and_the_sweeper_leaves_no_device_behind()
    {
        var logs = new RecordingLoggerProvider();
        await using var bot = await ReliabilityBot.StartAsync(People, logs, settings: new Dictionary<string, string?>
        {
            ["IamSimulator:Faults:ThrottleRate"] = "0.15",
            ["IamSimulator:Faults:ServerErrorRate"] = "0.15",
            ["IamSimulator:Faults:AddedLatencyMs"] = "20",
            // The bot's own retry schedule, scaled down so the test stays short.
            ["Iam:RetryBaseDelay"] = "00:00:00.020",
            ["Iam:MaxRetryDelay"] = "00:00:00.200",
        });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, People).Select(i => EnrollAsync(bot, Person.Numbered(i))));

        foreach (var group in outcomes.GroupBy(o => o)) output.WriteLine($"{group.Count()} × {group.Key}");
        Assert.All(outcomes, o => Assert.True(o == "success" || ClearFailures.Any(f => o.StartsWith(f, StringComparison.Ordinal)), o));
        Assert.Contains("success", outcomes);

        // Everything left open expires; the sweeper runs (IAM still failing 30%) until it has cleaned up.
        bot.Clock.Advance(TimeSpan.FromMinutes(12));
        var sweeper = bot.Bot.Services.GetRequiredService<EnrollmentSweeper>();
        for (var round = 0; round < 20 && (await StillOpenAsync(bot)).Count > 0; round++)
        {
            try { await sweeper.SweepAsync(CancellationToken.None); } catch (MfaBot.Iam.IamException) { }
        }
        bot.Bot.Services.GetRequiredService<IOptions<IamSimulatorOptions>>().Value.Faults = new SimulatedFaults(); // only to look

        Assert.Empty(await bot.Admin.UnassignedBotDevicesAsync());
        for (var i = 0; i < People; i++)
        {
            var devices = await bot.Admin.Gateway.ListMfaDevicesAsync(Person.Numbered(i).Email);
            Assert.Equal(outcomes[i] == "success" ? 1 : 0, devices.Count);
        }
        Assert.Empty(bot.Ledger.Scan([bot.DataFolder], logs.Lines.Select(l => ("log", l))));
    }

    /// <summary>A patient person: retries "enroll" and the codes a few times when the bot says AWS failed.</summary>
    private static async Task<string> EnrollAsync(ReliabilityBot bot, Person person)
    {
        var last = "";
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (card, turn) = await bot.Enrollment.StartAsync(person);
            if (card is null)
            {
                last = turn.Answer.Text ?? "";
                continue;
            }
            for (var tries = 0; tries < 3; tries++)
            {
                var codes = await bot.Enrollment.SubmitCodesAsync(person, card);
                if (EnrollmentFlow.Succeeded(codes)) return "success";
                last = codes.Answer.Text ?? "";
                if (!last.StartsWith(ClearFailures[1], StringComparison.Ordinal)) break;
            }
            // Whatever is left open, the person cancels before starting over.
            await bot.Channel.TurnAsync(person, person.Message(bot.Channel.ServiceUrl, "cancel"), c => c.Text is not null);
        }
        return last;
    }

    private static async Task<IReadOnlyList<string>> StillOpenAsync(ReliabilityBot bot)
    {
        try
        {
            return [.. await bot.Admin.UnassignedBotDevicesAsync(),
                .. await bot.Bot.Services.GetRequiredService<MfaBot.Storage.IStateStore>().ListKeysAsync("enrollment", CancellationToken.None).ToListAsync()];
        }
        catch (MfaBot.Iam.IamException)
        {
            return ["(IAM failed to list)"];
        }
    }
}

using MfaBot.Tests.Enrollment;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Kms;

/// <summary>AWS KMS failing while the bot opens a sealed seed: the person reads that it was AWS, not the bot.</summary>
public sealed class KmsFaultTests
{
    [Fact]
    public async Task KMS_failing_to_open_the_seed_at_the_codes_turn_names_AWS_KMS_says_nothing_changed_and_the_codes_work_afterwards()
    {
        var clock = new ManualClock();
        await using var sim = await KmsDeployment.StartSimulatorAsync(clock);
        await using var h = await EnrollmentHarness.StartAsync(KmsDeployment.BotSettings(sim), clock);
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        await h.RestartAsync(); // the data key is no longer in memory: the codes turn must ask KMS to open it
        using var faults = new FaultSwitch(sim.Endpoint);
        await faults.PutAsync(new { actions = new { Decrypt = new { serviceFailure = 1 } } });

        var (c1, c2) = h.CodesNow(key);
        var reply = TestConnector.TextOf(await h.SubmitCodesAsync(h.Chat(), card.ResultId, c1, c2))!;

        Assert.StartsWith("Sorry, I couldn't finish this: AWS KMS, which keeps your setup's secret encrypted, failed or did not answer. Nothing was changed on your AWS user. Please try again in a minute", reply);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        await faults.OffAsync();
        h.Clock.Advance(TimeSpan.FromSeconds(30));
        (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(h.Chat(), card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);
    }
}

using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.IamSimulator;
using MfaBot.Storage;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Enrollment;

/// <summary>
/// The bot dies (kill -9, crash, redeploy) while a codes turn is enabling: the record says Enabling and IAM may or
/// may not have enabled the device. After a restart nothing is lost: the next turn, or the sweeper, asks IAM and
/// finishes or reopens the setup.
/// </summary>
public class InterruptedEnablingTests
{
    private static readonly Dictionary<string, string?> NoSweeper = new() { ["Enrollment:SweepInterval"] = "01:00:00" };

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    private static bool IsAllSet(TestConnector.Call c) => EnrollmentHarness.IsSuccessCard(c);

    [Theory]
    [InlineData("codes")]
    [InlineData("enroll")]
    [InlineData("status")]
    [InlineData("cancel")]
    public async Task When_iam_had_enabled_the_device_the_next_turn_after_the_restart_finishes_the_enrollment(string turn)
    {
        await using var h = await EnrollmentHarness.StartAsync(NoSweeper);
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var codes = await CutOffWhileEnablingAsync(h, key, enabledInIam: true);
        chat = h.Chat(); // the restarted bot listens on a new port
        h.Clock.Advance(Recovery(h).InterruptedAfter + TimeSpan.FromSeconds(1));

        var skip = h.Connector.Calls.Count;
        codes.AddRange(await TakeTurnAsync(h, chat, card, key, turn));

        var done = await chat.NextAsync(IsDoneCard, skip);
        Assert.Equal(card.ResultId, done.ActivityId);
        Assert.Empty(QrDecoder.FindImageUrls(TestConnector.CardOf(done)));
        await chat.NextAsync(IsAllSet, skip);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), c => QrDecoder.FindImageUrls(TestConnector.CardOf(c)).Any());
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await h.EnrollmentKeysAsync());
        var completed = Assert.Single(h.AuditLines(), l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal));
        Assert.Contains("finished after an interruption", completed, StringComparison.Ordinal);

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, [.. codes]), h.Logs.Lines, h.DataFolder);
    }

    [Theory]
    [InlineData("codes")]
    [InlineData("enroll")]
    public async Task When_iam_had_not_enabled_the_device_the_setup_reopens_and_fresh_codes_succeed(string turn)
    {
        await using var h = await EnrollmentHarness.StartAsync(NoSweeper);
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var codes = await CutOffWhileEnablingAsync(h, key, enabledInIam: false);
        chat = h.Chat(); // the restarted bot listens on a new port
        h.Clock.Advance(Recovery(h).InterruptedAfter + TimeSpan.FromSeconds(1));

        var skip = h.Connector.Calls.Count;
        if (turn == "enroll")
        {
            // Told what happened on the same QR (same device, same seed), which comes again as the turn's one message.
            var (again, againKey) = await h.StartEnrollmentAsync(chat);
            Assert.Equal(key, againKey);
            Assert.Contains(EnablingRecovery.ReopenedReply, TestConnector.CardOf(again)!.ToJsonString(), StringComparison.Ordinal);
            Assert.DoesNotContain(h.Connector.Calls.Skip(skip), c => TestConnector.TextOf(c) is not null);
            Assert.Equal(EnrollmentPhase.AwaitingCodes, (await h.StoredEnrollmentAsync()).Value.Phase);
            card = again;
            skip = h.Connector.Calls.Count;
        }
        // For a codes turn the reopened setup simply takes the codes submitted.
        var (c1, c2) = h.CodesNow(key);
        codes.AddRange([c1, c2]);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsAllSet);

        Assert.Contains(h.Connector.Calls.Skip(skip), c => IsDoneCard(c) && c.ActivityId == card.ResultId);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await h.EnrollmentKeysAsync());
        var lines = h.AuditLines();
        Assert.Single(lines, l => l.Contains("\"enrollment.interrupted\"", StringComparison.Ordinal));
        Assert.DoesNotContain(Assert.Single(lines, l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal)), "interruption", StringComparison.Ordinal);

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, [.. codes]), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task An_enabling_phase_younger_than_the_threshold_answers_one_moment_and_changes_nothing()
    {
        await using var h = await EnrollmentHarness.StartAsync(NoSweeper);
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        await CutOffWhileEnablingAsync(h, key, enabledInIam: false);
        chat = h.Chat(); // the restarted bot listens on a new port
        h.Clock.Advance(Recovery(h).InterruptedAfter / 2);
        var before = await h.StoredEnrollmentAsync();

        foreach (var turn in new[] { "codes", "enroll", "cancel" })
        {
            var skip = h.Connector.Calls.Count;
            await TakeTurnAsync(h, chat, card, key, turn);
            var reply = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
            Assert.Equal(EnablingRecovery.InProgressReply, TestConnector.TextOf(reply));
        }
        await h.Bot.Services.GetRequiredService<EnrollmentSweeper>().SweepAsync(CancellationToken.None);

        var after = await h.StoredEnrollmentAsync();
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(EnrollmentPhase.Enabling, after.Value.Phase);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Single(await h.Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned));
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "PUT");
    }

    [Fact]
    public async Task When_iam_cannot_be_asked_the_person_is_told_to_try_again_and_nothing_changes()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>(NoSweeper) { ["Iam:MaxAttempts"] = "1" });
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var codes = await CutOffWhileEnablingAsync(h, key, enabledInIam: true);
        chat = h.Chat(); // the restarted bot listens on a new port
        h.Clock.Advance(Recovery(h).InterruptedAfter + TimeSpan.FromSeconds(1));
        var faults = h.Bot.Services.GetRequiredService<IOptions<IamSimulatorOptions>>().Value;
        faults.Faults = new SimulatedFaults { ServerErrorRate = 1 };
        var before = await h.StoredEnrollmentAsync();

        var skip = h.Connector.Calls.Count;
        codes.AddRange(await TakeTurnAsync(h, chat, card, key, "codes"));
        Assert.Equal(EnablingRecovery.UnavailableReply, TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip)));
        Assert.Equal(before.ETag, (await h.StoredEnrollmentAsync()).ETag);
        Assert.DoesNotContain(h.AuditLines(), l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal));

        faults.Faults = new SimulatedFaults();
        skip = h.Connector.Calls.Count;
        await chat.SayAsync("enroll");
        await chat.NextAsync(IsAllSet, skip);
        Assert.Empty(await h.EnrollmentKeysAsync());

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, [.. codes]), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task With_nobody_typing_the_sweeper_finishes_an_interrupted_enrollment_and_tells_the_person()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        var codes = await CutOffWhileEnablingAsync(h, key, enabledInIam: true);
        chat = h.Chat(); // the restarted bot listens on a new port
        var skip = h.Connector.Calls.Count;

        h.Clock.Advance(Recovery(h).InterruptedAfter + TimeSpan.FromSeconds(1));

        Assert.Equal(card.ResultId, (await chat.NextAsync(IsDoneCard, skip)).ActivityId);
        await chat.NextAsync(IsAllSet, skip);
        Assert.Empty(await h.EnrollmentKeysAsync());
        Assert.Single(h.AuditLines(), l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal) && l.Contains("interruption", StringComparison.Ordinal));

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, [.. codes]), h.Logs.Lines, h.DataFolder);
    }

    /// <summary>
    /// What a codes turn leaves when the process dies after storing Enabling and, if <paramref name="enabledInIam"/>,
    /// after IAM accepted EnableMFADevice: the same record write and IAM call the bot makes, then a restart.
    /// </summary>
    /// <returns>The codes used, for the secret scan.</returns>
    private static async Task<List<string>> CutOffWhileEnablingAsync(EnrollmentHarness h, byte[] key, bool enabledInIam)
    {
        var stored = await h.StoredEnrollmentAsync();
        // The QR turn saves the card id just after sending the card; wait for that write so ours follows it.
        for (var i = 0; i < 100 && stored.Value.CardMessageId is null; i++)
        {
            await Task.Delay(50);
            stored = await h.StoredEnrollmentAsync();
        }
        Assert.NotNull(stored.Value.CardMessageId);
        var enabling = stored.Value with { Phase = EnrollmentPhase.Enabling, EnablingSince = h.Clock.GetUtcNow() };
        await h.Store.PutAsync(EnrollmentState.KeyFor(enabling.User), enabling, stored.ETag, CancellationToken.None);
        var (c1, c2) = h.CodesNow(key);
        if (enabledInIam) await h.Iam.EnableMfaDeviceAsync(enabling.IamUserName, enabling.SerialNumber!, c1, c2);
        await h.RestartAsync();
        return [c1, c2];
    }

    /// <returns>Codes the turn submitted, if any.</returns>
    private static async Task<string[]> TakeTurnAsync(EnrollmentHarness h, TeamsChat chat, TestConnector.Call card, byte[] key, string turn)
    {
        if (turn != "codes")
        {
            await chat.SayAsync(turn);
            return [];
        }
        var (c1, c2) = h.CodesNow(key);
        await chat.SubmitAsync(card.ResultId, EnrollmentHarness.Codes(c1, c2));
        return [c1, c2];
    }

    private static EnablingRecovery Recovery(EnrollmentHarness h) => h.Bot.Services.GetRequiredService<EnablingRecovery>();
}

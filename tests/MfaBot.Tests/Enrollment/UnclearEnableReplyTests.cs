using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

/// <summary>
/// EnableMFADevice ends without a clear answer (server failure, lost reply, dropped connection), so AWS may or may
/// not have enabled the device. The bot's IAM traffic runs through <see cref="IamFaultProxy"/> in front of the real
/// simulator, which decides; the bot asks IAM before it tells the person anything.
/// </summary>
public sealed class UnclearEnableReplyTests : IAsyncLifetime
{
    private const string Enable = "EnableMFADevice";
    private const string List = "ListMFADevices";

    private IamFaultProxy _proxy = null!;
    private EnrollmentHarness _h = null!;

    /// <summary>The bot reaches its embedded simulator through the proxy; no sweeper unless a test runs one.</summary>
    public async Task InitializeAsync()
    {
        _proxy = await IamFaultProxy.StartAsync();
        _h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Enrollment:SweepInterval"] = "01:00:00",
            ["Iam:ServiceUrl"] = _proxy.Endpoint,
        });
        _proxy.Target = _h.Bot.BaseUrl;
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    private static bool IsAllSet(TestConnector.Call c) => EnrollmentHarness.IsSuccessCard(c);

    private static bool IsText(TestConnector.Call c) => TestConnector.TextOf(c) is not null;

    [Theory]
    [InlineData(IamFault.LoseReply, int.MaxValue, IamErrorCodes.ServiceFailure)] // every attempt reaches IAM; each reply is replaced by a 500
    [InlineData(IamFault.DropConnection, 1, IamErrorCodes.EntityAlreadyExists)] // the first attempt enables, its connection drops; the retry hears "already in use"
    public async Task When_iam_enabled_the_device_but_the_reply_was_lost_the_same_turn_ends_in_success(IamFault fault, int times, string lastError)
    {
        var (chat, card, key) = await EnrollAsync();
        _proxy.Fail(Enable, fault, times);
        var (c1, c2) = _h.CodesNow(key);

        var skip = _h.Connector.Calls.Count;
        await _h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsAllSet);

        Assert.Contains(_h.Connector.Calls.Skip(skip), c => IsDoneCard(c) && c.ActivityId == card.ResultId);
        Assert.Equal(2, _h.Connector.Calls.Skip(skip).Count(c => c.ConversationId == chat.ConversationId)); // the QR card closed and the success card, nothing else
        Assert.Single(await _h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await _h.EnrollmentKeysAsync());
        AssertFailedCallThenCompleted(lastError);

        await _h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), _h.Logs.Lines, _h.DataFolder);
    }

    [Fact]
    public async Task When_iam_failed_before_enabling_the_setup_reopens_as_before_and_fresh_codes_succeed()
    {
        var (chat, card, key) = await EnrollAsync();
        _proxy.Fail(Enable, IamFault.Refuse);
        var (c1, c2) = _h.CodesNow(key);

        var asked = _proxy.Actions.Count;
        var reply = await _h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsText);

        Assert.Equal("Your device was not enabled: AWS had a failure on its side (ServiceFailure). I checked with AWS: your device is not on, and nothing was changed on your AWS user. Your QR code is still valid: in a minute, enter two new codes from your app in its card.",
            TestConnector.TextOf(reply));
        var actions = _proxy.Actions.Skip(asked).ToList();
        Assert.Equal(List, actions[^1]); // IAM was asked before the answer
        Assert.All(actions[..^1], a => Assert.Equal(Enable, a));
        var stored = await _h.StoredEnrollmentAsync();
        Assert.Equal(EnrollmentPhase.AwaitingCodes, stored.Value.Phase);
        Assert.Null(stored.Value.EnablingSince);
        Assert.Equal(0, stored.Value.FailedAttempts);
        Assert.Empty(await _h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        _proxy.Heal();
        _h.Clock.Advance(TimeSpan.FromSeconds(30));
        var (f1, f2) = _h.CodesNow(key);
        await _h.SubmitCodesAsync(chat, card.ResultId, f1, f2, IsAllSet);
        Assert.Single(await _h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        await _h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2, f1, f2), _h.Logs.Lines, _h.DataFolder);
    }

    [Fact]
    public async Task When_iam_cannot_be_asked_either_the_setup_stays_enabling_until_the_sweeper_settles_it_and_tells_the_person()
    {
        var (chat, card, key) = await EnrollAsync();
        _proxy.Fail(Enable, IamFault.LoseReply);
        _proxy.Fail(List, IamFault.Refuse);
        var (c1, c2) = _h.CodesNow(key);

        var submitted = _h.Clock.GetUtcNow();
        var reply = await _h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsText);

        Assert.Equal(CodeSubmission.UndecidedReply(IamErrorCodes.ServiceFailure), TestConnector.TextOf(reply));
        var stored = await _h.StoredEnrollmentAsync();
        Assert.Equal(EnrollmentPhase.Enabling, stored.Value.Phase);
        Assert.InRange(stored.Value.EnablingSince!.Value, submitted, _h.Clock.GetUtcNow());

        // Codes typed meanwhile wait for the answer and do not reach AWS.
        var enables = _proxy.Actions.Count(a => a == Enable);
        reply = await _h.SubmitCodesAsync(chat, card.ResultId, c1, c2, IsText);
        Assert.Equal(EnablingRecovery.InProgressReply, TestConnector.TextOf(reply));
        Assert.Equal(enables, _proxy.Actions.Count(a => a == Enable));
        Assert.Equal(stored.ETag, (await _h.StoredEnrollmentAsync()).ETag);

        _proxy.Heal();
        var skip = _h.Connector.Calls.Count;
        _h.Clock.Advance(_h.Bot.Services.GetRequiredService<EnablingRecovery>().InterruptedAfter + TimeSpan.FromSeconds(1));
        await _h.Bot.Services.GetRequiredService<EnrollmentSweeper>().SweepAsync(CancellationToken.None);

        Assert.Equal(card.ResultId, (await chat.NextAsync(IsDoneCard, skip)).ActivityId);
        await chat.NextAsync(IsAllSet, skip);
        Assert.Single(await _h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await _h.EnrollmentKeysAsync());
        AssertFailedCallThenCompleted(IamErrorCodes.ServiceFailure);

        await _h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), _h.Logs.Lines, _h.DataFolder);
    }

    private async Task<(TeamsChat Chat, TestConnector.Call Card, byte[] Key)> EnrollAsync()
    {
        var chat = _h.Chat();
        var (card, key) = await _h.StartEnrollmentAsync(chat);
        return (chat, card, key);
    }

    /// <summary>The audit tells the story in order: the failed call with its error (the only kind of EnableMFADevice entry), then the success.</summary>
    private void AssertFailedCallThenCompleted(string error)
    {
        var lines = _h.AuditLines();
        var failed = lines.FindIndex(l => l.Contains("\"iam.EnableMFADevice\"", StringComparison.Ordinal) && l.Contains($"\"detail\":\"{error}\"", StringComparison.Ordinal));
        var completed = lines.FindIndex(l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal));
        Assert.InRange(failed, 0, completed - 1);
        Assert.Single(lines, l => l.Contains("\"enrollment.completed\"", StringComparison.Ordinal));
    }
}

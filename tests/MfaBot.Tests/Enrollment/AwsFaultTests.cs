using System.Diagnostics;
using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Enrollment;

/// <summary>
/// A person on Teams enrolls while the bot's embedded simulator fails IAM calls as AWS does, switched through its
/// "/_iam/_faults" control endpoint: after-action failures end in the truth, and every failure the person reads names
/// AWS, says whether anything changed and when to try again.
/// </summary>
public sealed class AwsFaultTests
{
    private static Task<EnrollmentHarness> StartAsync(params (string Key, string Value)[] settings) =>
        EnrollmentHarness.StartAsync(new Dictionary<string, string?>(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
        {
            ["Enrollment:SweepInterval"] = "01:00:00",
            ["Iam:RetryBaseDelay"] = "00:00:00.020",
        });

    private static FaultSwitch Faults(EnrollmentHarness h) => new(new Uri(h.Bot.BaseUrl + "/_iam/"));

    private static bool IsText(TestConnector.Call c) => TestConnector.TextOf(c) is not null;

    [Fact]
    public async Task A_user_lookup_throttled_past_every_retry_is_blamed_on_AWS_with_nothing_changed_and_a_later_retry()
    {
        await using var h = await StartAsync();
        using var faults = Faults(h);
        await faults.PutAsync(new { actions = new { GetUser = new { throttling = 1 } } });
        var chat = h.Chat();

        var reply = await AnswerToAsync(h, chat, "enroll");

        Assert.StartsWith("Sorry, I couldn't finish this: AWS is limiting how fast requests are made right now (Throttling). Nothing was changed on your AWS user. Please try again in a few minutes.", reply);
        Assert.DoesNotContain("on my side", reply, StringComparison.Ordinal);
        Assert.Equal(4, (await faults.GetAsync()).GetProperty("counters").GetProperty("GetUser").GetProperty("Throttling").GetInt64());

        await faults.OffAsync();
        await h.StartEnrollmentAsync(chat);
    }

    [Fact]
    public async Task A_device_created_without_an_answer_gives_a_fresh_setup_that_succeeds_and_the_sweeper_removes_the_unanswered_one()
    {
        await using var h = await StartAsync();
        using var faults = Faults(h);
        await faults.PutAsync(new { actions = new { CreateVirtualMFADevice = new { serviceFailureAfter = 1, maxFaults = 1 } } });
        var chat = h.Chat();

        var (card, key) = await h.StartEnrollmentAsync(chat);
        Assert.Equal(2, (await UnassignedBotDevicesAsync(h)).Count); // the unanswered one and the fresh one

        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        h.Clock.Advance(TimeSpan.FromMinutes(12));
        await h.Bot.Services.GetRequiredService<EnrollmentSweeper>().SweepAsync(CancellationToken.None);
        Assert.Empty(await UnassignedBotDevicesAsync(h));
        Assert.Contains(h.AuditLines(), l => l.Contains("enrollment.createUnclear", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Device_creation_failing_after_acting_twice_says_AWS_changed_nothing_on_the_user_and_the_sweeper_cleans_up()
    {
        await using var h = await StartAsync();
        using var faults = Faults(h);
        await faults.PutAsync(new { actions = new { CreateVirtualMFADevice = new { serviceFailureAfter = 1 } } });
        var chat = h.Chat();

        var reply = await AnswerToAsync(h, chat, "enroll");

        Assert.Equal(StartEnrollment.CreateFailedReply(new IamException("CreateVirtualMFADevice", IamErrorCodes.EntityAlreadyExists, "", null,
            System.Net.HttpStatusCode.Conflict) { Attempts = 2, UnclearAttempts = 1 }, unclear: true), reply);
        Assert.StartsWith("I couldn't create your MFA device: AWS's answer to my first try was lost", reply);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await h.EnrollmentKeysAsync());

        await faults.OffAsync();
        h.Clock.Advance(TimeSpan.FromMinutes(12));
        await h.Bot.Services.GetRequiredService<EnrollmentSweeper>().SweepAsync(CancellationToken.None);
        Assert.Empty(await UnassignedBotDevicesAsync(h));
    }

    [Theory]
    [InlineData("serviceFailureAfter")]
    [InlineData("serviceUnavailableAfter")]
    [InlineData("throttlingAfter")]
    [InlineData("connectionResetAfter")]
    [InlineData("timeoutAfter")]
    public async Task A_device_enabled_without_an_answer_ends_in_the_success_card_once(string kind)
    {
        await using var h = await StartAsync(("Iam:RequestTimeout", "00:00:01.500"));
        using var faults = Faults(h);
        var chat = h.Chat();
        var (card, key) = await h.StartEnrollmentAsync(chat);
        await faults.PutAsync(new { actions = new Dictionary<string, object> { ["EnableMFADevice"] = new Dictionary<string, object> { [kind] = 1, ["maxFaults"] = 1 } } });

        var (c1, c2) = h.CodesNow(key);
        var skip = h.Connector.Calls.Count;
        await h.SubmitCodesAsync(chat, card.ResultId, c1, c2, EnrollmentHarness.IsSuccessCard);
        await Task.Delay(300); // anything sent after the success card would be a second answer

        var calls = h.Connector.Calls.Skip(skip).Where(c => c.ConversationId == chat.ConversationId).ToList();
        Assert.Single(calls, EnrollmentHarness.IsSuccessCard);
        Assert.DoesNotContain(calls, IsText);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Equal(1, (await faults.GetAsync()).GetProperty("counters").GetProperty("EnableMFADevice").GetProperty("Faults").GetInt64());
    }

    [Fact]
    public async Task A_lookup_that_never_answers_ends_the_turn_within_its_IAM_budget_with_AWS_named()
    {
        await using var h = await StartAsync(("Iam:TurnBudget", "00:00:03"), ("Iam:RequestTimeout", "00:00:02"));
        using var faults = Faults(h);
        await faults.PutAsync(new { actions = new { GetUser = new { timeout = 1 } } });
        var chat = h.Chat();

        var watch = Stopwatch.StartNew();
        var reply = await AnswerToAsync(h, chat, "enroll");

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(4.5));
        Assert.StartsWith("Sorry, I couldn't finish this: AWS did not answer in time. Nothing was changed on your AWS user. Please try again in a minute.", reply);
    }

    [Theory]
    [InlineData("throttling", false)]
    [InlineData("serviceFailure", true)]
    public async Task A_refusal_after_a_retry_is_unclear_only_when_the_first_attempt_may_have_been_applied(string firstFault, bool unclear)
    {
        await using var h = await StartAsync();
        using var faults = Faults(h);
        var device = await h.Iam.CreateVirtualMfaDeviceAsync("retry-check");
        await faults.PutAsync(new { actions = new Dictionary<string, object> { ["EnableMFADevice"] = new Dictionary<string, object> { [firstFault] = 1, ["maxFaults"] = 1 } } });

        var refused = await Assert.ThrowsAsync<IamException>(() => h.Iam.EnableMfaDeviceAsync(EnrollmentHarness.AlexEmail, device.SerialNumber, "123456", "654321"));

        // A throttled attempt was refused before IAM acted; a 500 may hide an applied one.
        Assert.Equal(IamErrorCodes.InvalidAuthenticationCode, refused.Code);
        Assert.Equal(2, refused.Attempts);
        Assert.Equal(unclear, refused.MayHaveApplied);
    }

    /// <summary>Says <paramref name="text"/> and returns the bot's text answer.</summary>
    private static async Task<string> AnswerToAsync(EnrollmentHarness h, TeamsChat chat, string text)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync(text);
        return TestConnector.TextOf(await chat.NextAsync(IsText, skip))!;
    }

    private static async Task<IReadOnlyList<VirtualMfaDevice>> UnassignedBotDevicesAsync(EnrollmentHarness h) =>
        [.. (await h.Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned)).Where(d => d.SerialNumber.Contains(":mfa/mfabot/", StringComparison.Ordinal))];
}

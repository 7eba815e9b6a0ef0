using MfaBot.Enrollment;
using MfaBot.Iam;
using MfaBot.LeakScan.Recording;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Slack;

/// <summary>Codes typed in the Slack DM, and what the success message offers there.</summary>
public class SlackCodesInChatTests
{
    private static IIamGateway Iam(SlackHarness h) => h.Bot.Services.GetRequiredService<IIamGateway>();

    private static Func<FakeSlackApi.Call, bool> Posted(string startsWith) => c =>
        c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith(startsWith, StringComparison.Ordinal);

    private static Task<HttpResponseMessage> TypeCodesAsync(SlackHarness h, string text, params string[] codes)
    {
        RunLedger.Codes(codes);
        return h.SayAsync(text);
    }

    [Fact]
    public async Task Both_codes_in_one_message_enroll_and_the_success_message_shows_the_arn_as_code_and_how_to_use_it()
    {
        await using var h = await SlackHarness.StartAsync();
        var (card, fileId, key) = await h.StartEnrollmentAsync();
        var (c1, c2) = h.CodesNow(key);

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await TypeCodesAsync(h, $"{c1[..3]} {c1[3..]}, {c2[..3]} {c2[3..]}", c1, c2));
        var done = await h.Slack.WaitForAsync(Posted("MFA is on for"), skip);

        var serial = Assert.Single(await Iam(h).ListMfaDevicesAsync(SlackHarness.AlexEmail)).SerialNumber;
        Assert.Contains($"`{serial}`", SlackHarness.AllText(done), StringComparison.Ordinal);
        Assert.True(h.Slack.Files[fileId].Deleted);
        Assert.Contains(h.Slack.Calls.Skip(skip), c => SlackHarness.CardUpdate(card, "MFA setup finished")(c));
        Assert.Single(h.Slack.Calls.Skip(skip), c => c.Method == "chat.postMessage");

        // "How to use MFA" answers with the details for the device IAM lists, whatever the button carries.
        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.InteractAsync(h.Click(done.Reply["channel"]!.ToString(), done.Reply["ts"]!.ToString(), "enroll.usage", "enroll.usage")));
        var usage = SlackHarness.AllText(await h.Slack.WaitForAsync(Posted("How to use MFA"), skip));
        EnrollmentHarness.AssertHowToUse(usage, serial);
        Assert.Empty(h.Slack.Violations);

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task One_code_per_message_and_a_wrong_one_are_answered_in_the_DM()
    {
        await using var h = await SlackHarness.StartAsync();
        var (_, _, key) = await h.StartEnrollmentAsync();
        var (c1, c2) = h.CodesNow(key);
        var wrong = AuthenticatorCodes.Wrong(c1);

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await TypeCodesAsync(h, wrong + " " + c2, wrong, c2));
        Assert.Contains("4 attempts left", SlackHarness.TextOf(await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage", skip)), StringComparison.Ordinal);

        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await TypeCodesAsync(h, c1, c1));
        Assert.Equal(CodesInChat.FirstCodeKeptReply, SlackHarness.TextOf(await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage", skip)));
        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await TypeCodesAsync(h, c2, c2));
        await h.Slack.WaitForAsync(Posted("MFA is on for"), skip);
        Assert.Single(await Iam(h).ListMfaDevicesAsync(SlackHarness.AlexEmail));
        Assert.Empty(h.Slack.Violations);

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2, wrong), h.Logs.Lines, h.DataFolder);
    }
}

using MfaBot.Tests.Support;
using System.Text;
using MfaBot.Iam;
using MfaBot.Otp;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Slack;

public class SlackEnrollmentTests
{
    private static IIamGateway Iam(SlackHarness h) => h.Bot.Services.GetRequiredService<IIamGateway>();

    [Fact]
    public async Task A_person_enrolls_in_a_Slack_DM_with_the_QR_file_and_the_codes_modal_and_the_file_is_deleted()
    {
        await using var h = await SlackHarness.StartAsync();
        var (card, fileId, key) = await h.StartEnrollmentAsync();

        // The QR went to the person's DM as a file; the card beside it has the key as the "Can't scan?" fallback.
        var dm = SlackHarness.DirectChannel(SlackHarness.Alex);
        Assert.Equal(dm, h.Slack.Files[fileId].Channel);
        Assert.Equal(dm, card.Args["channel"]!.ToString());
        var cardJson = SlackHarness.AllText(card);
        Assert.Contains(string.Join(' ', Base32.Encode(key).Chunk(4).Select(c => new string(c))), cardJson, StringComparison.Ordinal);
        Assert.Contains("Can't scan?", cardJson, StringComparison.Ordinal);
        Assert.Contains(h.Slack.Calls, c => c.Method == "users.info" && c.Args["user"]!.ToString() == SlackHarness.Alex);

        var (c1, c2) = h.CodesNow(key);
        var skip = h.Slack.Calls.Count;
        var closed = await h.SubmitCodesAsync(card, c1, c2, SlackHarness.CardUpdate(card, "MFA is on"));
        var done = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("MFA is on for", StringComparison.Ordinal), skip);

        var opened = h.Slack.Calls.Single(c => c.Method == "views.open");
        Assert.Equal("enroll.codes", opened.Args["view"]!["callback_id"]!.ToString());
        // The modal carries where to answer, never who: identity comes from the submission's verified user.
        var metadata = System.Text.Json.Nodes.JsonNode.Parse(opened.Args["view"]!["private_metadata"]!.ToString())!.AsObject();
        Assert.Equal(["channel", "ts"], metadata.Select(p => p.Key).Order());
        var deletion = h.Slack.Calls.Single(c => c.Method == "files.delete");
        Assert.Equal(fileId, deletion.Args["file"]!.ToString());
        Assert.True(h.Slack.Files[fileId].Deleted);
        Assert.DoesNotContain(Base32.Encode(key)[..8], closed.Args.ToJsonString(), StringComparison.Ordinal);
        var device = Assert.Single(await Iam(h).ListMfaDevicesAsync(SlackHarness.AlexEmail));
        Assert.Contains(device.SerialNumber, done.Args.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(h.Slack.Violations);

        await h.Bot.DisposeAsync();
        await SecretScan.AssertAbsentAsync(SecretScan.FormsOf(key, c1, c2), h.Logs.Lines, h.DataFolder);
    }

    [Fact]
    public async Task A_wrong_code_is_answered_in_the_DM_and_the_QR_stays_until_a_retry_succeeds()
    {
        await using var h = await SlackHarness.StartAsync();
        var (card, fileId, key) = await h.StartEnrollmentAsync();
        var (c1, c2) = h.CodesNow(key);
        var wrong = AuthenticatorCodes.Wrong(c1);

        var reply = await h.SubmitCodesAsync(card, wrong, c2, c => c.Method == "chat.postMessage");
        Assert.Contains("4 attempts left", SlackHarness.TextOf(reply), StringComparison.Ordinal);
        Assert.Equal(SlackHarness.DirectChannel(SlackHarness.Alex), reply.Args["channel"]!.ToString());
        Assert.False(h.Slack.Files[fileId].Deleted);

        await h.SubmitCodesAsync(card, c1, c2, SlackHarness.CardUpdate(card, "MFA is on"));
        Assert.True(h.Slack.Files[fileId].Deleted);
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task Cancel_deletes_the_QR_file_and_replaces_the_card()
    {
        await using var h = await SlackHarness.StartAsync();
        var (card, fileId, _) = await h.StartEnrollmentAsync();
        var skip = h.Slack.Calls.Count;

        SlackHarness.Ok(await h.InteractAsync(h.Click(card.Reply["channel"]!.ToString(), card.Reply["ts"]!.ToString(), "enroll.cancel", "enroll.cancel")));

        var replaced = await h.Slack.WaitForAsync(SlackHarness.CardUpdate(card, "cancelled"), skip);
        Assert.True(h.Slack.Files[fileId].Deleted);
        Assert.DoesNotContain("Can't scan?", SlackHarness.AllText(replaced), StringComparison.Ordinal);
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task An_expired_setup_loses_its_QR_file_and_the_person_is_told_in_the_DM()
    {
        await using var h = await SlackHarness.StartAsync();
        var (card, fileId, _) = await h.StartEnrollmentAsync();
        var skip = h.Slack.Calls.Count;

        h.Clock.Advance(TimeSpan.FromMinutes(11));

        await h.Slack.WaitForAsync(SlackHarness.CardUpdate(card, "expired"), skip);
        var told = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).Contains("expired", StringComparison.Ordinal), skip);
        Assert.Equal(SlackHarness.DirectChannel(SlackHarness.Alex), told.Args["channel"]!.ToString());
        Assert.True(h.Slack.Files[fileId].Deleted);
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task Slash_command_in_a_channel_answers_in_the_DM_and_posts_nothing_in_the_channel()
    {
        await using var h = await SlackHarness.StartAsync();

        var ack = SlackHarness.Ok(await h.CommandAsync("enroll", "C0GENERAL"));

        var body = await ack.Content.ReadAsStringAsync();
        Assert.Contains("\"response_type\":\"ephemeral\"", body, StringComparison.Ordinal);
        var dm = SlackHarness.DirectChannel(SlackHarness.Alex);
        var card = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.HasAction(c, "enroll.codes"));
        Assert.Equal(dm, card.Args["channel"]!.ToString());
        Assert.Contains(h.Slack.Calls, c => c.Method == "conversations.open" && c.Args["users"]!.ToString() == SlackHarness.Alex);
        Assert.Contains(h.Slack.Calls, c => c.Method == "files.completeUploadExternal" && c.Args["channel_id"]!.ToString() == dm);
        Assert.DoesNotContain(h.Slack.Calls, c => c.Args.ToJsonString().Contains("C0GENERAL", StringComparison.Ordinal));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task Status_and_help_come_as_Block_Kit_cards_with_step_buttons()
    {
        await using var h = await SlackHarness.StartAsync();

        SlackHarness.Ok(await h.CommandAsync("status", SlackHarness.DirectChannel(SlackHarness.Alex)));
        var status = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("MFA status", StringComparison.Ordinal));
        Assert.Contains("MFA is off", status.Args.ToJsonString(), StringComparison.Ordinal);
        Assert.True(SlackHarness.HasAction(status, "enroll.start"));

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.InteractAsync(h.Click(status.Reply["channel"]!.ToString(), status.Reply["ts"]!.ToString(), "help", "help")));
        var help = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage", skip);
        Assert.Contains("/mfa", help.Args.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task A_person_without_an_IAM_user_is_told_so_and_nothing_is_created()
    {
        await using var h = await SlackHarness.StartAsync();

        SlackHarness.Ok(await h.SayAsync("enroll", "U0NOBODY"));

        var reply = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Contains("I can't set up MFA for you", SlackHarness.TextOf(reply), StringComparison.Ordinal);
        Assert.Equal(SlackHarness.DirectChannel("U0NOBODY"), reply.Args["channel"]!.ToString());
        Assert.DoesNotContain(h.Slack.Calls, c => c.Method.StartsWith("files.", StringComparison.Ordinal));
        Assert.Empty(await Iam(h).ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));
    }
}

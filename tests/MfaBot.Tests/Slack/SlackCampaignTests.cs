using System.Globalization;
using MfaBot.Tests.Campaigns;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Slack;

/// <summary>
/// A manager campaign run in Slack: Megan is a manager by Slack user id only, invites by email in her DM, confirms
/// the preview; invitees get the invite in their DMs and click its buttons, all as signed Slack requests.
/// </summary>
public class SlackCampaignTests
{
    private const string Megan = SlackResetSteps.Megan;
    private const string Lynne = SlackResetSteps.Lynne;
    private const string Invite = "Please set up MFA for AWS";

    private static string InTokyo(DateTimeOffset at)
    {
        var tokyo = TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"));
        return string.Create(CultureInfo.InvariantCulture, $"OK, I'll remind you again on {tokyo:dddd d MMMM} at {tokyo:HH:mm}.");
    }

    private static async Task<SlackHarness> StartAsync()
    {
        var settings = CampaignDriver.Settings(("Campaigns:Managers:0:Email", ""), ("Campaigns:Managers:0:SlackUserId", Megan),
            ("Campaigns:ChannelRatePerSecond:slack", "50"), ("Campaigns:StatusPageSize", "1"));
        var h = await SlackHarness.StartAsync(extra: settings);
        h.Slack.Users[Lynne] = new FakeSlackApi.User("lynner@example.com", "Lynne Robbins", SlackHarness.Team, Tz: "Asia/Tokyo");
        // As in Slack, the members of Megan's DM are Megan and the bot: the resolver's roster finds nobody else there.
        h.Slack.Users[SlackHarness.BotUser] = new FakeSlackApi.User("mfabot@example.com", "MfaBot", SlackHarness.Team, IsBot: true);
        h.Slack.ChannelMembers[SlackHarness.DirectChannel(Megan)] = [Megan, SlackHarness.BotUser];
        return h;
    }

    private static string Header(FakeSlackApi.Call call) => call.Args["blocks"]?[0]?["text"]?["text"]?.ToString() ?? "";

    private static Func<FakeSlackApi.Call, bool> Posted(string header, string? channel = null) => c =>
        c.Method == "chat.postMessage" && Header(c) == header && (channel is null || c.Args["channel"]!.ToString() == channel);

    private static Func<FakeSlackApi.Call, bool> ProgressUpdate(FakeSlackApi.Call preview, string containing) => c =>
        c.Method == "chat.update" && c.Args["ts"]!.ToString() == preview.Reply["ts"]!.ToString() && Header(c) == "MFA campaign"
        && SlackHarness.AllText(c).Contains(containing, StringComparison.Ordinal);

    /// <summary>Types the invite in Megan's DM, checks the preview's buttons, clicks "Send invitations".</summary>
    private static async Task<FakeSlackApi.Call> ConfirmedAsync(SlackHarness h, string text)
    {
        SlackHarness.Ok(await h.SayAsync(text, Megan));
        var preview = await h.Slack.WaitForAsync(Posted("Invite preview", SlackHarness.DirectChannel(Megan)));
        Assert.Equal(["campaign.confirm", "campaign.cancel"], SlackHarness.ActionsOf(preview).Select(a => a["action_id"]!.ToString()));
        SlackHarness.Ok(await h.InteractAsync(h.Click(SlackHarness.DirectChannel(Megan), preview.Reply["ts"]!.ToString(), "campaign.confirm", "campaign.confirm", Megan)));
        return preview;
    }

    private static async Task<int> ClickAsync(SlackHarness h, FakeSlackApi.Call message, string actionId, string user)
    {
        var skip = h.Slack.Calls.Count;
        var value = SlackHarness.ActionsOf(message).Single(a => a["action_id"]!.ToString() == actionId)["value"]!.ToString();
        SlackHarness.Ok(await h.InteractAsync(h.Click(message.Reply["channel"]!.ToString(), message.Reply["ts"]!.ToString(), actionId, value, user)));
        return skip;
    }

    [Fact]
    public async Task A_Slack_manager_invites_by_email_one_invitee_snoozes_another_enrolls_from_the_invite_and_progress_updates()
    {
        await using var h = await StartAsync();

        var preview = await ConfirmedAsync(h, "invite alexw@example.com, lynner@example.com");
        Assert.Contains("*Will be invited*\n2", SlackHarness.AllText(preview), StringComparison.Ordinal);

        var alexInvite = await h.Slack.WaitForAsync(Posted(Invite, SlackHarness.DirectChannel(SlackHarness.Alex)));
        var lynneInvite = await h.Slack.WaitForAsync(Posted(Invite, SlackHarness.DirectChannel(Lynne)));
        Assert.All(new[] { SlackHarness.Alex, Lynne }, u => Assert.Contains(h.Slack.Calls, c => c.Method == "conversations.open" && c.Args["users"]!.ToString() == u));
        Assert.Equal(["enroll.start", "campaign.snooze"], SlackHarness.ActionsOf(alexInvite).Select(a => a["action_id"]!.ToString()));
        await h.Slack.WaitForAsync(ProgressUpdate(preview, "100% (2/2)"));

        // Lynne asks to be reminded tomorrow.
        var clicked = h.Clock.GetUtcNow();
        var skip = await ClickAsync(h, lynneInvite, "campaign.snooze", Lynne);
        var ok = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == SlackHarness.DirectChannel(Lynne), skip);
        // Slack's users.info says Lynne is in Tokyo: the reply names the Tokyo day and hour of the reminder (a day after the click).
        var said = SlackHarness.TextOf(ok)!;
        Assert.Contains(new[] { clicked, h.Clock.GetUtcNow() }, at => said.StartsWith(InTokyo(at.AddDays(1)), StringComparison.Ordinal));
        Assert.DoesNotContain("UTC", said, StringComparison.Ordinal);

        // Alex sets MFA up from the invite's button: QR file, codes modal.
        skip = await ClickAsync(h, alexInvite, "enroll.start", SlackHarness.Alex);
        var card = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.HasAction(c, "enroll.codes"), skip);
        var upload = h.Slack.Calls.Skip(skip).Last(c => c.Method == "files.completeUploadExternal");
        var uri = await QrDecoder.FromPngAsync(h.Slack.Files[upload.Args["files"]![0]!["id"]!.ToString()].Bytes!, h.Folder);
        var (c1, c2) = h.CodesNow(uri.SecretBytes());
        await h.SubmitCodesAsync(card, c1, c2, c => c.Method == "chat.update" && c.Args["ts"]!.ToString() == card.Reply["ts"]!.ToString()
            && SlackHarness.AllText(c).Contains("MFA is on", StringComparison.Ordinal));

        // Waited for by the count that changes last: an update between the two invites also read "50% (1/2)".
        var progress = await h.Slack.WaitForAsync(ProgressUpdate(preview, "*Enrolled*\n1"));
        Assert.Contains("50% (1/2)", SlackHarness.AllText(progress), StringComparison.Ordinal);
        Assert.Contains("*Invited, not enrolled yet*\n1", SlackHarness.AllText(progress), StringComparison.Ordinal);
        Assert.Single(h.Slack.Calls, c => Posted(Invite, SlackHarness.DirectChannel(SlackHarness.Alex))(c));
        Assert.Single(h.Slack.Calls, c => Posted(Invite, SlackHarness.DirectChannel(Lynne))(c));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task An_invitee_Slack_cannot_open_a_DM_with_is_recorded_as_not_invited_with_the_reason()
    {
        await using var h = await StartAsync();
        h.Slack.OpenErrors[Lynne] = "user_not_found";

        var preview = await ConfirmedAsync(h, "invite alexw@example.com lynner@example.com");

        await h.Slack.WaitForAsync(Posted(Invite, SlackHarness.DirectChannel(SlackHarness.Alex)));
        var progress = await h.Slack.WaitForAsync(ProgressUpdate(preview, "100% (1/1)"));
        Assert.Contains("*Not invited (see status)*\n1", SlackHarness.AllText(progress), StringComparison.Ordinal);
        var skip = await ClickAsync(h, progress, "campaign.status", Megan);
        var status = await h.Slack.WaitForAsync(Posted("Campaign status", SlackHarness.DirectChannel(Megan)), skip);
        Assert.Contains("*No private chat could be opened (app not installed for them, or account gone)*\n1", SlackHarness.AllText(status), StringComparison.Ordinal);
        // One name a page: Alex first; "More not enrolled" carries its place in the button's value and turns the card into Lynne's page.
        Assert.Contains("- Alex Wilber (alexw@example.com): invited", SlackHarness.AllText(status), StringComparison.Ordinal);
        skip = await ClickAsync(h, status, "campaign.status", Megan);
        var next = await h.Slack.WaitForAsync(c => c.Method == "chat.update" && c.Args["ts"]!.ToString() == status.Reply["ts"]!.ToString(), skip);
        Assert.Equal("Campaign status: not enrolled yet", Header(next));
        Assert.Contains("- Lynne Robbins (lynner@example.com): not invited, no private chat could be opened", SlackHarness.AllText(next), StringComparison.Ordinal);
        Assert.DoesNotContain("Alex Wilber", SlackHarness.AllText(next), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Slack.Calls.Skip(skip), c => c.Method == "chat.postMessage");
        // The failure is logged (invitee number, no address) and audited with its reason, once.
        var logged = Assert.Single(h.Logs.Entries, e => e.Category.EndsWith("DeliveryFailures", StringComparison.Ordinal));
        Assert.Equal("BotNotInstalled", logged.Fields["Reason"]?.ToString());
        Assert.DoesNotContain("lynner", logged.ToString(), StringComparison.Ordinal);
        var audited = Assert.Single(AuditRows.Lines(h.Bot.Services), l => l.Contains("campaign.deliveryFailed", StringComparison.Ordinal));
        Assert.Contains("BotNotInstalled", audited, StringComparison.Ordinal);
        Assert.Contains("lynner@example.com", audited, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Slack.Calls, c => Posted(Invite, SlackHarness.DirectChannel(Lynne))(c));
        Assert.Empty(h.Slack.Violations);
    }
}

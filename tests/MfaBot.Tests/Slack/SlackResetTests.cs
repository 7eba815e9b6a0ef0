using MfaBot.Iam;
using static MfaBot.Tests.Slack.SlackResetSteps;

namespace MfaBot.Tests.Slack;

/// <summary>The helpdesk reset hand-off in Slack: the same feature, Block Kit messages, modals for typed reasons.</summary>
public class SlackResetTests
{
    private const string AlexDm = "DU0ALEX";

    [Fact]
    public async Task A_Slack_person_asks_the_helpdesk_channel_which_takes_and_approves_and_the_person_enrolls_again()
    {
        await using var h = await StartAsync();
        var serial = await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);

        var (confirm, card) = await h.RequestResetAsync("Phone fell into the lake <@U0MEGAN> & **more**");

        // The helpdesk channel sees who, which IAM user and device, why (escaped: no mention), the checklist and three buttons.
        var posted = SlackHarness.AllText(card);
        foreach (var expected in new[] { "Alex Wilber", SlackHarness.AlexEmail, serial, "Phone fell into the lake &lt;@U0MEGAN&gt; &amp; *more*", "company directory", "Never ask for a password" })
            Assert.Contains(expected, posted, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U0MEGAN>", posted, StringComparison.Ordinal);
        Assert.Equal(["reset.take", "reset.approve", "reset.deny"], Buttons(h, card).Select(b => b["action_id"]!.ToString()));
        var ids = Buttons(h, card).Select(b => InputsOf(b)["requestId"]).Distinct().ToList();
        var id = Assert.Single(ids);
        Assert.Matches("^[0-9a-f]{24}$", id);
        Assert.Contains($"MFA reset request {id[..8]}", posted, StringComparison.Ordinal);
        Assert.StartsWith("modal:reset-deny?", ButtonOf(h, card, "reset.deny")["value"]!.ToString(), StringComparison.Ordinal);
        Assert.Contains($"Reset request {id[..8]} sent", SlackHarness.AllText(h.Slack.Calls.Last(Updated(confirm, "sent"))), StringComparison.Ordinal);

        // "status" shows the open request as a note on the status card.
        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("status"));
        var status = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("MFA status", StringComparison.Ordinal), skip);
        Assert.Contains($":information_source: Your MFA reset request {id[..8]}", SlackHarness.AllText(status), StringComparison.Ordinal);

        skip = await h.ClickAsync(card, "reset.take", Megan);
        await h.Slack.WaitForAsync(Updated(card, "Taken by Megan Bowen"), skip);
        Assert.DoesNotContain(Buttons(h, card), b => b["action_id"]!.ToString() == "reset.take");
        Assert.Single(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail));

        skip = await h.ClickAsync(card, "reset.approve", Megan);
        var approved = await h.Slack.WaitForAsync(Updated(card, "The devices were removed"), skip);
        Assert.Contains("*Approved by Megan Bowen on <!date^", SlackHarness.AllText(approved), StringComparison.Ordinal);
        Assert.Empty(Buttons(h, card));
        Assert.Contains(h.Slack.Calls.Skip(skip), c => Updated(card, "removing the devices in AWS")(c));
        var removed = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == AlexDm && SlackHarness.HasAction(c, "enroll.start"), skip);
        Assert.Contains("Megan Bowen from the helpdesk removed the MFA device of your AWS user *alexw@example.com*", SlackHarness.AllText(removed), StringComparison.Ordinal);
        Assert.Contains(serial, SlackHarness.AllText(removed), StringComparison.Ordinal);
        Assert.Empty(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail));
        Assert.Empty(await h.Iam().ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));

        // Alex's manager (Megan, found by email) hears about it in her DM; the feature's **bold** arrives as mrkdwn *bold*.
        var note = await h.NextTextAsync("DU0MEGAN", skip);
        Assert.Contains("AWS user *alexw@example.com*", note, StringComparison.Ordinal);
        Assert.DoesNotContain("**", note, StringComparison.Ordinal);

        // "Set up MFA again" starts the normal enrollment in the DM, which now succeeds with a new device.
        skip = await h.ClickAsync(removed, "enroll.start", SlackHarness.Alex);
        var qr = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.HasAction(c, "enroll.codes"), skip);
        var upload = h.Slack.Calls.Skip(skip).Last(c => c.Method == "files.completeUploadExternal");
        var key = (await Support.QrDecoder.FromPngAsync(h.Slack.Files[upload.Args["files"]![0]!["id"]!.ToString()].Bytes!, h.Folder)).SecretBytes();
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(qr, c1, c2, Updated(qr, "MFA is on"));
        Assert.NotEqual(serial, Assert.Single(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail)).SerialNumber);
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task The_helpdesk_denies_with_a_reason_typed_in_a_modal_and_nothing_changes()
    {
        await using var h = await StartAsync();
        var serial = await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);
        var (_, card) = await h.RequestResetAsync("stolen");

        var opened = await h.OpenModalAsync(card, "reset.deny", Lynne);
        Assert.Equal("reset.deny", opened["callback_id"]!.ToString());
        var skip = await h.DenyAsync(card, "   ", Lynne);
        Assert.Contains("write a short reason", await h.PrivateTextAsync(Lynne, skip), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Slack.Calls, c => Updated(card, "Denied")(c));

        skip = await h.DenyAsync(card, "Could not reach you on your directory number", Lynne);
        var denied = await h.Slack.WaitForAsync(Updated(card, "Denied by Lynne Robbins"), skip);
        Assert.Contains("Could not reach you on your directory number", SlackHarness.AllText(denied), StringComparison.Ordinal);
        Assert.Empty(Buttons(h, card));
        Assert.Contains("Could not reach you on your directory number", await h.NextTextAsync(AlexDm, skip), StringComparison.Ordinal);
        Assert.Equal(serial, Assert.Single(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail)).SerialNumber);
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task Withdraw_on_the_sent_card_closes_the_helpdesk_message_and_later_clicks_change_nothing()
    {
        await using var h = await StartAsync();
        await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);
        var (confirm, card) = await h.RequestResetAsync("stolen");

        var skip = await h.ClickAsync(confirm, "reset.cancel", SlackHarness.Alex);
        await h.Slack.WaitForAsync(Updated(card, "Withdrawn by Alex Wilber"), skip);
        await h.Slack.WaitForAsync(Updated(confirm, "withdrawn"), skip);
        Assert.DoesNotContain(h.Slack.Calls.Skip(skip), c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == AlexDm);
        Assert.Empty(Buttons(h, card));

        // A helpdesk client still showing the first version of the message sends the old button.
        var stale = SlackHarness.ActionsOf(card).Single(b => b["action_id"]!.ToString() == "reset.approve");
        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.InteractAsync(h.Click(HelpdeskChannel, TsOf(card), "reset.approve", stale["value"]!.ToString(), Megan)));
        Assert.Contains("withdrawn", await h.PrivateTextAsync(Megan, skip), StringComparison.Ordinal);
        Assert.Single(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task Slack_users_outside_the_helpdesk_are_refused_whatever_they_click()
    {
        await using var h = await StartAsync();
        await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);
        var (_, card) = await h.RequestResetAsync("stolen");

        foreach (var user in new[] { Nobody, SlackHarness.Alex })
        {
            foreach (var step in new[] { "reset.take", "reset.approve" })
                Assert.Contains("Only helpdesk members", await h.PrivateTextAsync(user, await h.ClickAsync(card, step, user)), StringComparison.Ordinal);
            Assert.Contains("Only helpdesk members", await h.PrivateTextAsync(user, await h.DenyAsync(card, "no", user)), StringComparison.Ordinal);
        }
        Assert.DoesNotContain(h.Slack.Calls, c => c.Method == "chat.update" && c.Args["channel"]!.ToString() == HelpdeskChannel);
        Assert.Single(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task A_Slack_helpdesk_member_cannot_decide_their_own_request_and_a_colleague_can()
    {
        await using var h = await StartAsync();
        await h.EnrollAsync(Megan, "meganb@example.com");
        var (_, card) = await h.RequestResetAsync("new phone", Megan);

        Assert.Contains("your own reset request", await h.PrivateTextAsync(Megan, await h.ClickAsync(card, "reset.approve", Megan)), StringComparison.Ordinal);
        Assert.Contains("your own reset request", await h.PrivateTextAsync(Megan, await h.ClickAsync(card, "reset.take", Megan)), StringComparison.Ordinal);
        Assert.Contains("your own reset request", await h.PrivateTextAsync(Megan, await h.DenyAsync(card, "no", Megan)), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Slack.Calls, c => c.Method == "chat.update" && c.Args["channel"]!.ToString() == HelpdeskChannel);
        Assert.Single(await h.Iam().ListMfaDevicesAsync("meganb@example.com"));

        var skip = await h.ClickAsync(card, "reset.approve", Lynne);
        Assert.Contains("Approved by Lynne Robbins", SlackHarness.AllText(await h.Slack.WaitForAsync(Updated(card, "The devices were removed"), skip)), StringComparison.Ordinal);
        Assert.Empty(await h.Iam().ListMfaDevicesAsync("meganb@example.com"));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task Without_a_Slack_helpdesk_channel_the_person_is_told_before_being_asked_for_a_reason()
    {
        await using var h = await StartAsync(new Dictionary<string, string?> { ["Resets:HelpdeskConversation"] = "", ["Resets:HelpdeskContact"] = "call 555 0100" });
        await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("I lost my phone"));
        // (Enrollment's closing "All set" line may still arrive after the skip: wait for the answer by what it is about.)
        var said = SlackHarness.TextOf(await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == AlexDm
            && SlackHarness.TextOf(c).Contains("helpdesk", StringComparison.Ordinal), skip));
        Assert.Contains("no helpdesk conversation is set up", said, StringComparison.Ordinal);
        Assert.Contains("call 555 0100", said, StringComparison.Ordinal);
        await Task.Delay(300);
        Assert.DoesNotContain(h.Slack.Calls.Skip(skip), c => SlackHarness.HasAction(c, "reset.confirm"));
        Assert.Single(h.Slack.Calls.Skip(skip), c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).Contains("helpdesk", StringComparison.Ordinal));
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task When_the_Slack_helpdesk_channel_refuses_posts_the_request_is_kept_and_a_new_one_is_not_asked_for()
    {
        await using var h = await StartAsync();
        await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);
        h.Slack.PostErrors[HelpdeskChannel] = "not_in_channel";

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("I lost my phone"));
        var confirm = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.HasAction(c, "reset.confirm"), skip);
        var opened = await h.OpenModalAsync(confirm, "reset.confirm", SlackHarness.Alex);
        SlackHarness.Ok(await h.InteractAsync(h.Submit(opened, new Dictionary<string, string> { ["reason"] = "stolen" })));
        var saved = await h.Slack.WaitForAsync(Updated(confirm, "reach the helpdesk just now"), skip);
        Assert.Contains("saved", SlackHarness.AllText(saved), StringComparison.Ordinal);

        // Alex withdraws it; asking again, he hears that the helpdesk can't be reached before any reason is asked.
        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("cancel"));
        Assert.StartsWith("Withdrawn", await h.NextTextAsync(AlexDm, skip), StringComparison.Ordinal);
        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("reset"));
        Assert.Contains("can't reach the helpdesk right now", await h.NextTextAsync(AlexDm, skip), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Slack.Calls.Skip(skip), c => SlackHarness.HasAction(c, "reset.confirm"));
    }
}

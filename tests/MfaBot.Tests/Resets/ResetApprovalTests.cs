using System.Text.Json.Nodes;
using MfaBot.Iam;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Resets;

/// <summary>Whole reset conversations over the Bot Framework protocol: person, helpdesk channel, manager.</summary>
public class ResetApprovalTests
{
    [Fact]
    public async Task Lost_phone_is_verified_approved_removed_and_the_person_enrolls_again()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        var serial = await h.EnrollAsync(alex);

        var (confirm, card) = await h.RequestResetAsync(alex, "Phone fell into the lake");

        // The helpdesk sees who, which IAM user, which device, why, the checklist and the three buttons.
        var posted = ResetHarness.CardText(card);
        foreach (var expected in new[] { "Alex Wilber", EnrollmentHarness.AlexEmail, serial, "Phone fell into the lake", "directory", "Never ask for a password" })
            Assert.Contains(expected, posted, StringComparison.Ordinal);
        var buttons = TestConnector.CardOf(card)!["actions"]!.AsArray().Select(a => a!["title"]!.GetValue<string>());
        Assert.Equal(["Take", "Approve", "Deny"], buttons);
        var sent = await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == confirm.ResultId);
        Assert.Contains("sent", ResetHarness.CardText(sent), StringComparison.Ordinal);
        var id = ResetHarness.RequestIdOf(card);

        var skip = h.Connector.Calls.Count;
        await alex.SayAsync("status");
        var status = await alex.NextAsync(c => TestConnector.CardOf(c) is not null, skip);
        Assert.Contains($"reset request {id[..8]}", ResetHarness.CardText(status), StringComparison.Ordinal);

        var megan = h.Megan();
        skip = await h.ClickAsync(megan, card, "reset.take", id);
        await h.CardUpdateAsync(card, "Taken by Megan Bowen", skip);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        skip = await h.ClickAsync(megan, card, "reset.approve", id);
        await h.CardUpdateAsync(card, "The devices were removed", skip);
        var removed = await alex.NextAsync(c => ResetHarness.CardText(c).Contains("old MFA device was removed", StringComparison.Ordinal), skip);
        Assert.Contains("Megan Bowen", ResetHarness.CardText(removed), StringComparison.Ordinal);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Empty(await h.Iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Any));

        // Alex's manager (Megan, from the IAM user's "manager" tag) hears about it in a private chat.
        var created = await h.Connector.WaitForAsync(c => c.Method == "CREATE" && c.Body!["members"]![0]!["id"]!.GetValue<string>() == "29:megan", skip);
        var note = await h.Connector.WaitForAsync(c => c.ConversationId == created.ResultId && TestConnector.TextOf(c) is not null, skip);
        Assert.Contains(EnrollmentHarness.AlexEmail, TestConnector.TextOf(note), StringComparison.Ordinal);

        // The "Set up MFA again" button starts the normal enrollment, which now succeeds.
        var enroll = TestConnector.CardOf(removed)!["actions"]!.AsArray().Single()!["data"]!["step"]!.GetValue<string>();
        Assert.Equal("enroll.start", enroll);
        skip = h.Connector.Calls.Count;
        await alex.SubmitAsync(removed.ResultId, new JsonObject { ["step"] = enroll });
        var qr = await alex.NextAsync(c => QrDecoder.FindImageUrls(TestConnector.CardOf(c)).Any(), skip);
        var key = (await QrDecoder.FromCardAsync(TestConnector.CardOf(qr)!, h.Inner.Folder)).SecretBytes();
        var (c1, c2) = h.Inner.CodesNow(key);
        await h.Inner.SubmitCodesAsync(alex, qr.ResultId, c1, c2, c => c.Method == "PUT" && ResetHarness.CardText(c).Contains("MFA is on", StringComparison.Ordinal));
        var fresh = Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.NotEqual(serial, fresh.SerialNumber);

        await h.WaitForAuditAsync(id, "reset.managerNotified");
        Assert.Equal(["reset.requested", "reset.announced", "reset.taken", "reset.approved", "iam.DeactivateMFADevice", "iam.DeleteVirtualMFADevice",
            "reset.completed", "reset.managerNotified"], h.AuditActions(id));
        Assert.Contains(h.Audit(), e => e["action"]!.GetValue<string>() == "reset.helpdeskRegistered");
    }

    [Fact]
    public async Task An_approval_AWS_fails_tells_the_helpdesk_it_was_AWS_and_when_to_approve_again_and_the_next_approval_removes_the_device()
    {
        await using var h = await ResetHarness.StartAsync(new Dictionary<string, string?> { ["Iam:MaxAttempts"] = "1" });
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        var serial = await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);
        var megan = h.Megan();
        using var faults = new FaultSwitch(new Uri(h.Inner.Bot.BaseUrl + "/_iam/"));
        await faults.PutAsync(new { actions = new { DeactivateMFADevice = new { serviceFailure = 1 } } });

        var skip = await h.ClickAsync(megan, card, "reset.approve", id);
        var failed = await h.CardUpdateAsync(card, "could not be carried out", skip);
        var text = ResetHarness.CardText(failed);
        foreach (var expected in new[] { "AWS had a failure on its side (ServiceFailure)", "Approve again in a minute", "a device already removed stays removed" })
            Assert.Contains(expected, text, StringComparison.Ordinal);
        Assert.Equal(serial, Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).SerialNumber);

        await faults.OffAsync();
        skip = await h.ClickAsync(megan, card, "reset.approve", id);
        await h.CardUpdateAsync(card, "The devices were removed", skip);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
    }

    [Fact]
    public async Task A_denied_request_tells_the_person_why_and_changes_nothing()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        var serial = await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);
        var lynne = h.Lynne();

        Assert.Contains("write a short reason", await h.ClickForTextAsync(lynne, card, "reset.deny", id, new JsonObject { ["denyReason"] = "  " }), StringComparison.Ordinal);

        var skip = await h.ClickAsync(lynne, card, "reset.deny", id, new JsonObject { ["denyReason"] = "Could not reach you on your directory number" });
        await h.CardUpdateAsync(card, "Denied by Lynne Robbins", skip);
        var told = await alex.NextAsync(c => TestConnector.TextOf(c)?.Contains("denied", StringComparison.Ordinal) == true, skip);
        Assert.Contains("Could not reach you on your directory number", TestConnector.TextOf(told), StringComparison.Ordinal);
        Assert.Equal(serial, Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).SerialNumber);

        Assert.Contains("already denied", await h.ClickForTextAsync(h.Megan(), card, "reset.approve", id), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Contains("reset.denied", h.AuditActions(id));

        // A closed request frees the person to ask again.
        await h.RequestResetAsync(alex);
    }

    [Fact]
    public async Task A_privileged_user_needs_two_different_approvers()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var admin = h.Person(ResetHarness.AdminId, "Adele Admin");
        await h.EnrollAsync(admin);
        var (_, card) = await h.RequestResetAsync(admin, "New phone, old one was wiped", "new phone");
        Assert.Contains("two different helpdesk members must approve", ResetHarness.CardText(card), StringComparison.Ordinal);
        var id = ResetHarness.RequestIdOf(card);
        var megan = h.Megan();

        // The card answers the first approval (no message beside it); the second click by the same agent is refused privately.
        var first = await h.ClickAsync(megan, card, "reset.approve", id);
        await h.CardUpdateAsync(card, "Approved so far by Megan Bowen (1 of 2)", first);
        Assert.DoesNotContain(h.Connector.Calls.Skip(first), c => c.ConversationId == ResetHarness.HelpdeskChannel && c.Method is "POST" or "REPLY");
        Assert.Contains("already approved", await h.ClickForTextAsync(megan, card, "reset.approve", id), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(ResetHarness.AdminEmail));

        var skip = await h.ClickAsync(h.Lynne(), card, "reset.approve", id);
        Assert.Contains("Approved by Lynne Robbins", ResetHarness.CardText(await h.CardUpdateAsync(card, "The devices were removed", skip)), StringComparison.Ordinal);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(ResetHarness.AdminEmail));
        await h.WaitForAuditAsync(id, "reset.managerSkipped");
    }

    [Fact]
    public async Task Cancel_withdraws_an_open_request_and_status_no_longer_shows_it()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);

        Assert.Contains("You already have reset request", await h.AskAsync(alex, "reset"), StringComparison.Ordinal);
        var skip = h.Connector.Calls.Count;
        Assert.StartsWith("Withdrawn", await h.AskAsync(alex, "cancel"), StringComparison.Ordinal);
        await h.CardUpdateAsync(card, "Withdrawn by Alex Wilber", skip);
        Assert.Contains("withdrawn", await h.ClickForTextAsync(h.Megan(), card, "reset.approve", id), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Contains("nothing to cancel", await h.AskAsync(alex, "cancel"), StringComparison.Ordinal);
        Assert.Equal(["reset.requested", "reset.announced", "reset.cancelled", "reset.refused"], h.AuditActions(id));
    }

    [Fact]
    public async Task A_reason_that_looks_like_a_code_is_refused_and_nothing_is_requested()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        Assert.Contains("nothing to reset", await h.AskAsync(alex, "reset"), StringComparison.Ordinal);
        await h.EnrollAsync(alex);

        var confirm = await h.AskForReasonAsync(alex, "lost phone");
        var skip = await h.SubmitReasonAsync(alex, confirm, "my code 123456 stopped working");
        Assert.Contains("don't put MFA codes", TestConnector.TextOf(await alex.NextAsync(c => TestConnector.TextOf(c) is not null, skip)), StringComparison.Ordinal);
        Assert.Contains("nothing to cancel", await h.AskAsync(alex, "cancel"), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls, c => c.ConversationId == ResetHarness.HelpdeskChannel && ResetHarness.CardText(c).Contains("MFA reset request", StringComparison.Ordinal));
    }
}

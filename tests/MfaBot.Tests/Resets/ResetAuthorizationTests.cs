using System.Text.Json.Nodes;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Resets;

/// <summary>Who may act on a request is decided on the server from the verified identity, never from card data.</summary>
public class ResetAuthorizationTests
{
    [Fact]
    public async Task A_helpdesk_member_cannot_take_or_approve_their_own_request()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var meganPersonal = h.Person("29:megan", "Megan Bowen");
        await h.EnrollAsync(meganPersonal);
        var (_, card) = await h.RequestResetAsync(meganPersonal);
        var id = ResetHarness.RequestIdOf(card);
        var megan = h.Megan();

        Assert.Contains("your own reset request", await h.ClickForTextAsync(megan, card, "reset.approve", id), StringComparison.Ordinal);
        Assert.Contains("your own reset request", await h.ClickForTextAsync(megan, card, "reset.take", id), StringComparison.Ordinal);
        Assert.Contains("your own reset request", await h.ClickForTextAsync(megan, card, "reset.deny", id, new JsonObject { ["denyReason"] = "no" }), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListMfaDevicesAsync("meganb@example.com"));
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "PUT" && c.ActivityId == card.ResultId);

        // Another member can.
        var skip = await h.ClickAsync(h.Lynne(), card, "reset.approve", id);
        await h.CardUpdateAsync(card, "The devices were removed", skip);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync("meganb@example.com"));
        Assert.Equal(3, h.AuditActions(id).Count(a => a == "reset.refused"));
    }

    [Fact]
    public async Task People_outside_the_helpdesk_are_refused_whatever_they_click()
    {
        await using var h = await ResetHarness.StartAsync();
        var nobodyInChannel = h.Agent("29:nobody", "No Body");
        Assert.Contains("Only helpdesk members", await h.AskPrivatelyAsync(nobodyInChannel, "register helpdesk"), StringComparison.Ordinal);
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);

        foreach (var step in new[] { "reset.take", "reset.approve", "reset.deny" })
        {
            Assert.Contains("Only helpdesk members", await h.ClickForTextAsync(nobodyInChannel, card, step, id, new JsonObject { ["denyReason"] = "x" }), StringComparison.Ordinal);
            // The requester clicking the helpdesk card (e.g. a forwarded copy) is no better.
            Assert.Contains("Only helpdesk members", await h.ClickForTextAsync(alex, card, step, id, new JsonObject { ["denyReason"] = "x" }), StringComparison.Ordinal);
        }
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "PUT" && c.ActivityId == card.ResultId);
        Assert.Contains($"reset request {id[..8]}", await StatusTextAsync(h, alex), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tampered_card_data_grants_nothing_and_reaches_no_other_request_or_device()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var lynneSerial = await h.EnrollAsync(h.Person(ResetHarness.LynneId, "Lynne Robbins"));
        var alex = h.Alex();
        await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);

        // Claiming a helpdesk identity in the card data does not make someone a member.
        var forged = new JsonObject { ["aadObjectId"] = "aad-" + ResetHarness.LynneId, ["email"] = "meganb@example.com", ["helpdesk"] = "true" };
        Assert.Contains("Only helpdesk members", await h.ClickForTextAsync(h.Agent("29:nobody", "No Body"), card, "reset.approve", id, forged), StringComparison.Ordinal);

        // A request id that is malformed, a path, or unknown points at nothing.
        var megan = h.Megan();
        foreach (var bad in new[] { "", "../enrollment/msteams", id.ToUpperInvariant(), "0123456789abcdef01234567", id + "0" })
            Assert.Contains("can't find that reset request", await h.ClickForTextAsync(megan, card, "reset.approve", bad), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));

        // Extra fields naming another user and device are ignored: only the request's own devices go.
        var skip = await h.ClickAsync(megan, card, "reset.approve", id, new JsonObject { ["iamUser"] = "lynner@example.com", ["serialNumber"] = lynneSerial, ["userName"] = "lynner@example.com" });
        await h.CardUpdateAsync(card, "The devices were removed", skip);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Equal(lynneSerial, Assert.Single(await h.Iam.ListMfaDevicesAsync("lynner@example.com")).SerialNumber);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_agents_approving_at_once_on_two_bot_instances_cause_one_reset(bool privileged)
    {
        // IAM answers slowly, so a second approval arrives while the first is still removing the device.
        // Two instances on one data folder: only the former file store allows that (SQLite refuses a second instance;
        // instances sharing PostgreSQL are the Scaleout tests).
        await using var h = await ResetHarness.StartAsync(new Dictionary<string, string?> { ["IamSimulator:Faults:AddedLatencyMs"] = "150", ["Storage:Provider"] = "File" });
        await using var second = await BotServer.StartAsync(h.Inner.DataFolder, h.Inner.Clock, ResetHarness.Settings(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "File",
            ["Iam:ServiceUrl"] = h.Inner.Bot.BaseUrl + "/_iam/",
            ["IamSimulator:StateFile"] = Path.Combine(h.Inner.Folder, "unused-simulator.json"),
        }), h.Inner.Logs);
        using var http = new HttpClient();
        await h.RegisterHelpdeskAsync();
        var (id, email, name) = privileged ? (ResetHarness.AdminId, ResetHarness.AdminEmail, "Adele Admin") : (EnrollmentHarness.AlexId, EnrollmentHarness.AlexEmail, "Alex Wilber");
        var person = h.Person(id, name);
        await h.EnrollAsync(person);
        var (_, card) = await h.RequestResetAsync(person);
        var requestId = ResetHarness.RequestIdOf(card);
        var lynneOnSecond = new TeamsChat(http, second.BaseUrl, h.Connector, ResetHarness.LynneId, "Lynne Robbins", ResetHarness.HelpdeskChannel, "channel");
        var click = new JsonObject { ["step"] = "reset.approve", ["requestId"] = requestId };

        await Task.WhenAll(h.Megan().SubmitAsync(card.ResultId, (JsonObject)click.DeepClone()), lynneOnSecond.SubmitAsync(card.ResultId, (JsonObject)click.DeepClone()));

        await h.WaitForAuditAsync(requestId, "reset.completed");
        await h.WaitForAuditAsync(requestId, privileged ? "reset.managerSkipped" : "reset.managerNotified");
        await Task.Delay(500);
        var actions = h.AuditActions(requestId);
        Assert.Single(actions, a => a == "reset.completed");
        Assert.Single(actions, a => a == "iam.DeactivateMFADevice");
        Assert.Equal(2, actions.Count(a => a == "reset.approved" || a == "reset.refused"));
        Assert.Equal(privileged ? 2 : 1, actions.Count(a => a == "reset.approved"));
        Assert.Single(h.Connector.Calls, c => c.ConversationId == person.ConversationId && ResetHarness.CardText(c).Contains("old MFA device was removed", StringComparison.Ordinal));
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(email));
    }

    private static async Task<string> StatusTextAsync(ResetHarness h, TeamsChat chat)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("status");
        return ResetHarness.CardText(await chat.NextAsync(c => TestConnector.CardOf(c) is not null, skip));
    }
}

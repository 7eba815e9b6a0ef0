using System.Text.Json.Nodes;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Resets;

/// <summary>
/// Four-eyes approval counts people, not chat accounts: a person is recognised by the IAM user their platform email
/// maps to (and by that email), so a second Teams login or a mailbox alias is still the same person.
/// </summary>
public class ResetPeopleTests
{
    private const string MeganEmail = "meganb@example.com";
    private const string MeganAlias = "megan.bowen@example.com";
    private const string MeganSecondLogin = "29:megan-second";
    private const string MeganAliasLogin = "29:megan-alias";

    /// <summary>A directory table in which Megan's alias is linked to her IAM user, and the alias is on the helpdesk too.</summary>
    private static Dictionary<string, string?> Directory()
    {
        var settings = new Dictionary<string, string?> { ["Identity:Strategy"] = "Table", ["Resets:HelpdeskMembers:2:Email"] = MeganAlias };
        foreach (var email in new[] { "alexw@example.com", ResetHarness.AdminEmail, MeganEmail, "lynner@example.com" }) settings["Identity:Table:" + email] = email;
        settings["Identity:Table:" + MeganAlias] = MeganEmail;
        return settings;
    }

    private static async Task<ResetHarness> StartAsync()
    {
        var h = await ResetHarness.StartAsync(Directory());
        h.Connector.Members[MeganSecondLogin] = (MeganEmail, "Megan Bowen");
        h.Connector.Members[MeganAliasLogin] = (MeganAlias, "Megan Bowen");
        await h.RegisterHelpdeskAsync();
        return h;
    }

    [Fact]
    public async Task A_privileged_reset_needs_two_people_however_many_accounts_one_of_them_clicks_from()
    {
        await using var h = await StartAsync();
        var admin = h.Person(ResetHarness.AdminId, "Adele Admin");
        await h.EnrollAsync(admin);
        var (_, card) = await h.RequestResetAsync(admin, "New phone, old one was wiped", "new phone");
        var id = ResetHarness.RequestIdOf(card);

        await h.CardUpdateAsync(card, "(1 of 2)", await h.ClickAsync(h.Megan(), card, "reset.approve", id));
        foreach (var login in new[] { MeganSecondLogin, MeganAliasLogin })
        {
            var refusal = await h.ClickForTextAsync(h.Agent(login, "Megan Bowen"), card, "reset.approve", id);
            Assert.Contains("already approved", refusal, StringComparison.Ordinal);
            Assert.Contains("from another of your chat accounts", refusal, StringComparison.Ordinal);
        }
        Assert.Single(await h.Iam.ListMfaDevicesAsync(ResetHarness.AdminEmail));
        Assert.Contains("(1 of 2)", ResetHarness.CardText(h.Connector.Calls.Last(c => c.Method == "PUT" && c.ActivityId == card.ResultId)), StringComparison.Ordinal);

        var skip = await h.ClickAsync(h.Lynne(), card, "reset.approve", id);
        await h.CardUpdateAsync(card, "The devices were removed", skip);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(ResetHarness.AdminEmail));
        var actions = await h.WaitForAuditAsync(id, "reset.completed");
        Assert.Equal(2, actions.Count(a => a == "reset.approved"));
        Assert.Equal(2, actions.Count(a => a == "reset.refused"));
        Assert.Single(actions, a => a == "iam.DeactivateMFADevice");
    }

    [Fact]
    public async Task The_person_being_reset_cannot_take_approve_or_deny_it_from_any_of_their_accounts()
    {
        await using var h = await StartAsync();
        var meganPersonal = h.Person("29:megan", "Megan Bowen");
        await h.EnrollAsync(meganPersonal);
        var (_, card) = await h.RequestResetAsync(meganPersonal);
        var id = ResetHarness.RequestIdOf(card);

        foreach (var login in new[] { MeganAliasLogin, MeganSecondLogin })
            foreach (var step in new[] { "reset.take", "reset.approve", "reset.deny" })
            {
                var refusal = await h.ClickForTextAsync(h.Agent(login, "Megan Bowen"), card, step, id, new JsonObject { ["denyReason"] = "no" });
                Assert.Contains("is your own reset request", refusal, StringComparison.Ordinal);
                Assert.Contains("any other chat account", refusal, StringComparison.Ordinal);
            }
        Assert.Single(await h.Iam.ListMfaDevicesAsync(MeganEmail));
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "PUT" && c.ActivityId == card.ResultId);

        var skip = await h.ClickAsync(h.Lynne(), card, "reset.approve", id);
        await h.CardUpdateAsync(card, "The devices were removed", skip);
        Assert.Empty(await h.Iam.ListMfaDevicesAsync(MeganEmail));
        Assert.Equal(6, h.AuditActions(id).Count(a => a == "reset.refused"));
    }
}

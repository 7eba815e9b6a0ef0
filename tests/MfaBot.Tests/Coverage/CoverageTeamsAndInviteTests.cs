using System.Text.Json.Nodes;
using MfaBot.Campaigns.Access;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using static MfaBot.Tests.Coverage.CoverageCardReading;
using static MfaBot.Tests.Coverage.CoverageChatTests;

namespace MfaBot.Tests.Coverage;

/// <summary>
/// "coverage by team", "coverage team …" and "Invite these N" through the Teams channel. In the demo account only alexw
/// carries the manager tag (meganb@example.com).
/// </summary>
public sealed class CoverageTeamsAndInviteTests
{
    private static async Task<JsonObject> CardAsync(EnrollmentHarness h, TeamsChat chat, string text) =>
        TestConnector.CardOf(await AskAsync(h, chat, text)) ?? throw new InvalidOperationException("No card came back.");

    private static TeamsChat MeganChat(EnrollmentHarness h) => h.Chat(Megan, "Megan Bowen");

    private static Task<TestConnector.Call> ClickInviteAsync(EnrollmentHarness h, TeamsChat chat, JsonObject card, string cardId)
    {
        var data = Action(card, "Action.Submit")!["data"]!.AsObject();
        var skip = h.Connector.Calls.Count;
        return chat.SubmitAsync(cardId, (JsonObject)data.DeepClone()).ContinueWith(_ => chat.NextAsync(c => c.Method is "POST" or "REPLY", skip)).Unwrap();
    }

    private static bool IsPreview(TestConnector.Call c) =>
        TestConnector.CardOf(c)?["fallbackText"]?.GetValue<string>().StartsWith("Invite preview", StringComparison.Ordinal) == true;

    [Fact]
    public async Task By_team_counts_people_without_mfa_per_manager_tag_and_team_lists_one_managers_reports()
    {
        await using var h = await StartAsync();

        var byTeam = await CardAsync(h, h.Chat(), "coverage by team");
        Assert.Equal("MFA coverage by team", Title(byTeam));
        var facts = Facts(byTeam);
        Assert.Equal("1", facts["meganb@example.com"]);
        Assert.Equal("3", facts["(no manager tag)"]);
        Assert.Empty(Rows(byTeam));

        var team = await CardAsync(h, h.Chat(), "Coverage team MeganB@example.com");
        Assert.Equal("MFA coverage: reports of meganb@example.com", Title(team));
        Assert.Equal([("alexw@example.com", "no MFA: never used")], Rows(team));
    }

    [Fact]
    public async Task A_manager_with_only_own_reports_sees_her_reports_only_and_may_invite_them()
    {
        await using var h = await StartAsync(Settings(("Campaigns:OnlyOwnReports", "true")));
        var chat = MeganChat(h);

        var call = await AskAsync(h, chat, "coverage");
        var card = TestConnector.CardOf(call)!;
        Assert.Equal("MFA coverage: reports of meganb@example.com", Title(card));
        Assert.Equal(["alexw@example.com"], Rows(card).Select(r => r.Name));
        Assert.Equal("Invite these 1", Action(card, "Action.Submit")!["title"]!.ToString());
        Assert.StartsWith("You can see the coverage of your own reports only", TestConnector.TextOf(await AskAsync(h, chat, "coverage team lynner@example.com")), StringComparison.Ordinal);
        Assert.Equal("MFA coverage: reports of meganb@example.com", Title(await CardAsync(h, chat, "coverage by team")));

        var preview = await ClickInviteAsync(h, chat, card, call.ResultId);

        Assert.True(IsPreview(preview), TestConnector.Describe(preview));
        Assert.Equal("Invite preview for coverage (reports of meganb@example.com)", TestConnector.CardOf(preview)!["fallbackText"]!.ToString());
        Assert.Equal(1, Facts(TestConnector.CardOf(preview)!).Values.Sum(int.Parse));
    }

    [Fact]
    public async Task The_invite_is_checked_again_on_the_click_only_own_reports_turned_on_leaves_the_others_out()
    {
        await using var h = await StartAsync();
        var call = await AskAsync(h, MeganChat(h), "coverage");
        var card = TestConnector.CardOf(call)!;
        Assert.Equal("Invite these 4", Action(card, "Action.Submit")!["title"]!.ToString());

        await h.RestartAsync(new Dictionary<string, string?> { ["Campaigns:OnlyOwnReports"] = "true" });
        var preview = await ClickInviteAsync(h, MeganChat(h), card, call.ResultId);

        Assert.True(IsPreview(preview), TestConnector.Describe(preview));
        var facts = Facts(TestConnector.CardOf(preview)!);
        // Lynne and admin are not hers; Megan herself is on the list and counted, never invited by herself.
        Assert.Equal("2", facts["Not your reports"]);
    }

    [Fact]
    public async Task Another_managers_click_and_a_non_managers_click_on_the_card_are_refused_without_a_preview()
    {
        await using var h = await StartAsync();
        var call = await AskAsync(h, MeganChat(h), "coverage");
        var card = TestConnector.CardOf(call)!;
        var skip = h.Connector.Calls.Count;

        var lynne = await ClickInviteAsync(h, h.Chat(Lynne, "Lynne Robbins"), card, call.ResultId);
        Assert.Equal("That coverage card has expired or is not yours. Type **coverage** for a fresh one.", TestConnector.TextOf(lynne));
        var alex = await ClickInviteAsync(h, h.Chat(), card, call.ResultId);
        Assert.Equal(ManagerPolicy.Refusal, TestConnector.TextOf(alex));

        // A tampered snapshot id is just as unknown.
        var forged = (JsonObject)card.DeepClone();
        Action(forged, "Action.Submit")!["data"]!["snapshot"] = new string('0', 32);
        Assert.StartsWith("That coverage card has expired", TestConnector.TextOf(await ClickInviteAsync(h, MeganChat(h), forged, call.ResultId)), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), IsPreview);
    }
}

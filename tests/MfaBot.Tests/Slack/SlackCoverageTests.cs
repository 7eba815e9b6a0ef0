using MfaBot.Coverage.Chat;
using MfaBot.Tests.Charts;
using MfaBot.Tests.Coverage;
using MfaBot.Tests.Coverage.Digest;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Slack;

/// <summary>"coverage" and "Invite these N" as signed Slack requests: the same card as Block Kit, the same checks.</summary>
public sealed class SlackCoverageTests
{
    private const string Megan = SlackResetSteps.Megan;

    private static Task<SlackHarness> StartAsync(params (string Key, string? Value)[] extra) =>
        SlackHarness.StartAsync(extra: CoverageChatTests.Settings(
            [("Audit:Admins:0:Email", ""), ("Audit:Admins:0:SlackUserId", SlackHarness.Alex), .. extra]));

    private static string Header(FakeSlackApi.Call call) => call.Args["blocks"]?[0]?["text"]?["text"]?.ToString() ?? "";

    private static Func<FakeSlackApi.Call, bool> Posted(string user, string header) => c =>
        c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == SlackHarness.DirectChannel(user) && Header(c).StartsWith(header, StringComparison.Ordinal);

    /// <summary>The row sections, "*name*: reason", in message order.</summary>
    private static List<string> Rows(FakeSlackApi.Call call) =>
        [.. call.Args["blocks"]!.AsArray().Select(b => b?["text"]?["text"]?.ToString() ?? "").Where(t => t.StartsWith('*') && t.Contains("*: no MFA", StringComparison.Ordinal))];

    [Fact]
    public async Task An_admin_gets_the_coverage_as_block_kit_riskiest_first_with_the_csv_link_and_no_invite_button()
    {
        await using var h = await StartAsync();

        SlackHarness.Ok(await h.SayAsync("coverage"));
        var card = await h.Slack.WaitForAsync(Posted(SlackHarness.Alex, "MFA coverage"));

        Assert.Equal("MFA coverage: 0 of 4 human AWS users have MFA (0%).", SlackHarness.TextOf(card));
        Assert.Equal(["*lynner@example.com*: no MFA: active access key", "*admin@example.com*: no MFA: privileged path /privileged/"], Rows(card).Take(2));
        Assert.Equal(4, Rows(card).Count);
        Assert.Matches(@"<https://bot\.example\.com/coverage-exports/[A-Za-z0-9_-]+\.csv\|Download all as CSV>", SlackHarness.AllText(card));
        Assert.False(SlackHarness.HasAction(card, "coverage.invite"));
        // The trend chart: uploaded into the chat as a PNG, its numbers in the card too.
        Assert.Contains("Chart (sent above): Coverage over 90 days: 0 of 4 people have MFA today (the first day).", SlackHarness.AllText(card), StringComparison.Ordinal);
        var chart = Assert.Single(h.Slack.Files.Values, f => f.Channel == SlackHarness.DirectChannel(SlackHarness.Alex) && !f.Deleted);
        PngFile.AssertChart(chart.Bytes!);
    }

    [Fact]
    public async Task The_weekly_digest_is_posted_once_into_the_slack_channel_with_its_chart_and_no_csv_link()
    {
        const string security = "C0SECURITY";
        var clock = CoverageDigestTests.ClockAt(CoverageDigestTests.JustBefore);
        var settings = CoverageChatTests.Settings(("Coverage:Digest:Conversation", security), ("Coverage:Digest:Channel", "slack"),
            ("Coverage:Digest:Day", "Monday"), ("Coverage:Digest:Time", "09:00"), ("Coverage:Digest:TimeZone", "Europe/Berlin"),
            ("Coverage:Digest:CheckInterval", "00:00:00.100"));
        await using var h = await SlackHarness.StartAsync(async (h, slack) =>
        {
            foreach (var (k, v) in settings) slack[k] = v;
            return (await BotServer.StartAsync(h.DataFolder, clock, slack, h.Logs), clock);
        });
        Func<FakeSlackApi.Call, bool> digest = c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == security;

        await Task.Delay(1200);
        Assert.DoesNotContain(h.Slack.Calls, c => digest(c));

        clock.Advance(TimeSpan.FromMinutes(2)); // past Monday 09:00 in Berlin
        var card = await h.Slack.WaitForAsync(digest);
        Assert.Equal("MFA coverage: 0 of 4 human AWS users have MFA (0%).", SlackHarness.TextOf(card));
        Assert.Equal(4, Rows(card).Count);
        Assert.DoesNotContain("Download all as CSV", SlackHarness.AllText(card), StringComparison.Ordinal);
        Assert.False(SlackHarness.HasAction(card, "coverage.invite"));
        var chart = Assert.Single(h.Slack.Files.Values, f => f.Channel == security && !f.Deleted);
        PngFile.AssertChart(chart.Bytes!);

        await Task.Delay(1200);
        Assert.Single(h.Slack.Calls, c => digest(c));
    }

    [Fact]
    public async Task Someone_without_a_role_is_refused_once()
    {
        await using var h = await StartAsync();
        var skip = h.Slack.Calls.Count;

        SlackHarness.Ok(await h.SayAsync("coverage", "U0NOBODY"));
        var refusal = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage", skip);

        Assert.Equal(CoverageAccess.Refusal, SlackHarness.TextOf(refusal));
        await Task.Delay(300);
        Assert.Single(h.Slack.Calls.Skip(skip), c => c.Method == "chat.postMessage");
    }

    [Fact]
    public async Task A_manager_sees_her_reports_and_invite_these_opens_the_campaign_preview()
    {
        await using var h = await StartAsync(("Campaigns:Managers:0:Email", ""), ("Campaigns:Managers:0:SlackUserId", Megan), ("Campaigns:OnlyOwnReports", "true"));

        SlackHarness.Ok(await h.SayAsync("coverage by team", Megan));
        var card = await h.Slack.WaitForAsync(Posted(Megan, "MFA coverage: reports of meganb@example.com"));
        Assert.Equal(["*alexw@example.com*: no MFA: never used"], Rows(card));
        var button = SlackHarness.ActionsOf(card).Single(a => a["action_id"]!.ToString() == "coverage.invite");
        Assert.Equal("Invite these 1", button["text"]!["text"]!.ToString());

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.InteractAsync(h.Click(SlackHarness.DirectChannel(Megan), card.Reply["ts"]!.ToString(), "coverage.invite", button["value"]!.ToString(), Megan)));
        var preview = await h.Slack.WaitForAsync(Posted(Megan, "Invite preview"), skip);

        Assert.Equal("Invite preview for coverage (reports of meganb@example.com)", SlackHarness.TextOf(preview));
        Assert.Contains("Will be invited", SlackHarness.AllText(preview), StringComparison.Ordinal);
    }
}

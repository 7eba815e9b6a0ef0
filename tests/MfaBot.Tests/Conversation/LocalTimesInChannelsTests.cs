using System.Globalization;
using System.Text.RegularExpressions;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Resets;
using MfaBot.Tests.Slack;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Conversation;

/// <summary>
/// Issue 16: a person reads every time in their own zone. Teams cards carry DATE()/TIME() of the instant for the client
/// to render; Slack messages carry its date token with a fallback in the person's zone; texts use the zone the channel
/// reported (Teams localTimezone, Slack users.info tz). Nothing says "UTC".
/// </summary>
public sealed partial class LocalTimesInChannelsTests
{
    private const string Tokyo = "Asia/Tokyo";

    [Fact]
    public async Task A_Teams_person_in_Tokyo_gets_reset_and_status_times_for_the_client_to_render_and_texts_in_Tokyo_time()
    {
        await using var h = await ResetHarness.StartAsync();
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        alex.LocalTimezone = Tokyo;
        await h.EnrollAsync(alex);
        var enabled = Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).EnableDate;

        // The status card: the device's enabled day as DATE() of the instant IAM reported.
        var skip = h.Connector.Calls.Count;
        await alex.SayAsync("status");
        var status = await alex.NextAsync(c => TestConnector.CardOf(c) is not null, skip);
        Assert.Contains($"Enabled {{{{DATE({Iso(enabled)},SHORT)}}}}", ResetHarness.CardText(status), StringComparison.Ordinal);

        // The reset confirmation lists the device with DATE(); the helpdesk card has the request's DATE() and TIME().
        var before = h.Inner.Clock.GetUtcNow();
        var (confirm, card) = await h.RequestResetAsync(alex);
        Assert.Contains($"{{{{DATE({Iso(enabled)},SHORT)}}}}", ResetHarness.CardText(confirm), StringComparison.Ordinal);
        var requested = RequestedAt(ResetHarness.CardText(card));
        Assert.InRange(requested, before.AddSeconds(-1), h.Inner.Clock.GetUtcNow());
        var id = ResetHarness.RequestIdOf(card);

        // Texts say the Tokyo hour: asking again, and the status card's note.
        var sent = "sent at " + InZone(requested, Tokyo, "HH:mm");
        Assert.StartsWith($"You already have reset request {id[..8]}, {sent};", await h.AskAsync(alex, "reset"), StringComparison.Ordinal);
        skip = h.Connector.Calls.Count;
        await alex.SayAsync("status");
        status = await alex.NextAsync(c => TestConnector.CardOf(c) is not null, skip);
        Assert.Contains($"reset request {id[..8]} ({sent})", ResetHarness.CardText(status), StringComparison.Ordinal);

        // Approved: the helpdesk card and Alex's notice carry the decision's instant for DATE()/TIME().
        var megan = h.Megan();
        skip = await h.ClickAsync(megan, card, "reset.approve", id);
        var approved = await h.CardUpdateAsync(card, "The devices were removed", skip);
        var decided = Instant(DecidedPattern(), ResetHarness.CardText(approved));
        var removed = await alex.NextAsync(c => ResetHarness.CardText(c).Contains("old MFA device was removed", StringComparison.Ordinal), skip);
        Assert.Contains($"on {{{{DATE({Iso(decided)},SHORT)}}}} {{{{TIME({Iso(decided)})}}}}", ResetHarness.CardText(removed), StringComparison.Ordinal);

        AssertNoUtc(h.Connector.Calls.Where(c => c.ConversationId == alex.ConversationId).Select(c => c.Body?.ToJsonString()));
        AssertNoUtc(h.Connector.Calls.Where(c => c.ConversationId == ResetHarness.HelpdeskChannel).Select(c => c.Body?.ToJsonString()));
    }

    [Fact]
    public async Task A_setup_in_progress_and_the_lockout_after_wrong_codes_say_their_times_in_the_persons_zone_or_how_far_away_without_one()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?> { ["Enrollment:MaxFailedAttempts"] = "1" });
        var alex = h.Chat();
        alex.LocalTimezone = Tokyo;
        var (card, key) = await h.StartEnrollmentAsync(alex);

        // "status" meanwhile: the status card's line says the Tokyo hour the QR card (TIME() of the same instant) expires.
        var expires = Instant(ExpiresPattern(), ResetHarness.CardText(card));
        var skip = h.Connector.Calls.Count;
        await alex.SayAsync("status");
        var status = await alex.NextAsync(c => TestConnector.CardOf(c) is not null, skip);
        Assert.Contains($"An MFA setup is in progress (its QR code expires at {InZone(expires, Tokyo, "HH:mm")})", ResetHarness.CardText(status), StringComparison.Ordinal);

        var (c1, _) = h.CodesNow(key);
        var before = h.Clock.GetUtcNow();
        var said = TestConnector.TextOf(await h.SubmitCodesAsync(alex, card.ResultId, c1, c1, c => TestConnector.TextOf(c) is not null))!;
        var candidates = new[] { before, h.Clock.GetUtcNow() }.Select(at => $"You can start again at {InZone(at.AddMinutes(15), Tokyo, "HH:mm")} by typing **enroll**.");
        Assert.Contains(candidates, c => said.Contains(c, StringComparison.Ordinal));

        // Megan's client reports no zone: the text says how long to wait.
        var megan = h.Chat("29:megan", "Megan Bowen");
        (card, key) = await h.StartEnrollmentAsync(megan);
        (c1, _) = h.CodesNow(key);
        said = TestConnector.TextOf(await h.SubmitCodesAsync(megan, card.ResultId, c1, c1, c => TestConnector.TextOf(c) is not null))!;
        Assert.Contains("You can start again in 15 minutes by typing **enroll**.", said, StringComparison.Ordinal);
        AssertNoUtc(h.Connector.Calls.Select(c => c.Body?.ToJsonString()));
    }

    [Fact]
    public async Task A_Slack_person_in_Tokyo_gets_date_tokens_with_Tokyo_fallbacks_and_texts_in_Tokyo_time()
    {
        await using var h = await SlackResetSteps.StartAsync();
        h.Slack.Users[SlackHarness.Alex] = h.Slack.Users[SlackHarness.Alex] with { Tz = Tokyo };
        await h.EnrollAsync(SlackHarness.Alex, SlackHarness.AlexEmail);
        var enabled = Assert.Single(await h.Iam().ListMfaDevicesAsync(SlackHarness.AlexEmail)).EnableDate;
        var alexDm = SlackHarness.DirectChannel(SlackHarness.Alex);

        // The status card: Slack's date token for the day the device was enabled, with the Tokyo day as its fallback.
        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("status"));
        var status = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("MFA status", StringComparison.Ordinal), skip);
        var day = InZone(enabled, Tokyo, "dddd d MMMM");
        Assert.Contains($"enabled <!date^{enabled.ToUnixTimeSeconds()}^{{date_short_pretty}}|{day}>", SlackHarness.AllText(status), StringComparison.Ordinal);

        // The helpdesk channel has no one zone: the request's date token falls back to how long ago it was.
        var before = h.Clock.GetUtcNow();
        var (_, card) = await h.RequestResetAsync("stolen");
        var token = SlackRequestedPattern().Match(SlackHarness.AllText(card));
        Assert.True(token.Success, SlackHarness.AllText(card));
        var requested = DateTimeOffset.FromUnixTimeSeconds(long.Parse(token.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.InRange(requested, before.AddSeconds(-1), h.Clock.GetUtcNow());
        Assert.True(token.Groups[2].Value is "just now" || token.Groups[2].Value.EndsWith(" ago", StringComparison.Ordinal), token.Groups[2].Value);

        // Asking again: the text says the Tokyo hour the request was sent.
        skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("reset"));
        var again = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == alexDm
            && SlackHarness.TextOf(c).StartsWith("You already have reset request", StringComparison.Ordinal), skip);
        Assert.Contains($", sent at {InZone(requested, Tokyo, "HH:mm")};", SlackHarness.TextOf(again), StringComparison.Ordinal);

        AssertNoUtc(h.Slack.Calls.Where(c => c.Method.StartsWith("chat.", StringComparison.Ordinal)).Select(c => c.Args.ToJsonString()));
    }

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string InZone(DateTimeOffset at, string zone, string format) =>
        TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById(zone)).ToString(format, CultureInfo.InvariantCulture);

    private static DateTimeOffset RequestedAt(string card) => Instant(RequestedPattern(), card);

    private static DateTimeOffset Instant(Regex pattern, string text)
    {
        var match = pattern.Match(text);
        Assert.True(match.Success, text);
        return DateTimeOffset.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
    }

    private static void AssertNoUtc(IEnumerable<string?> messages) =>
        Assert.DoesNotContain(messages, m => m is not null && m.Contains("UTC", StringComparison.Ordinal));

    [GeneratedRegex(@"""Requested"",""value"":""\{\{DATE\(([0-9T:-]+Z),SHORT\)\}\} \{\{TIME\(\1\)\}\}""")]
    private static partial Regex RequestedPattern();

    [GeneratedRegex(@"Expires at \{\{TIME\(([0-9T:-]+Z)\)\}\}")]
    private static partial Regex ExpiresPattern();

    [GeneratedRegex(@"Approved by [^{]+ on \{\{DATE\(([0-9T:-]+Z),SHORT\)\}\} \{\{TIME\(\1\)\}\}")]
    private static partial Regex DecidedPattern();

    [GeneratedRegex(@"\*Requested\*\n<!date\^(\d+)\^\{date_short_pretty\} \{time\}\|([^>]+)>")]
    private static partial Regex SlackRequestedPattern();
}

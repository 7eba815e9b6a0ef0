using MfaBot.Audit;
using MfaBot.Coverage.Digest;
using MfaBot.Storage;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using static MfaBot.Tests.Coverage.CoverageCardReading;

namespace MfaBot.Tests.Coverage.Digest;

/// <summary>
/// The weekly digest through the Teams channel, against the demo account: Monday 09:00 in Berlin, posted to the security
/// team's channel once that has passed, exactly once per week whatever restarts, refusals or crashes happen.
/// </summary>
public sealed class CoverageDigestTests
{
    public const string SecurityChannel = "19:security-team@thread.tacv2";

    /// <summary>Monday 7 December 2026, 07:58 UTC: 08:58 in Berlin (winter, UTC+1), two minutes before the digest.</summary>
    public static readonly DateTimeOffset JustBefore = new(2026, 12, 7, 7, 58, 0, TimeSpan.Zero);

    public const string Week = "coverage-digest/2026-W50";

    public static Dictionary<string, string?> Digest(TestConnector connector) => new()
    {
        ["Coverage:Digest:Conversation"] = SecurityChannel,
        ["Coverage:Digest:Address:serviceUrl"] = connector.ServiceUrl,
        ["Coverage:Digest:Day"] = "Monday",
        ["Coverage:Digest:Time"] = "09:00",
        ["Coverage:Digest:TimeZone"] = "Europe/Berlin",
        ["Coverage:Digest:CheckInterval"] = "00:00:00.100",
    };

    public static bool IsDigest(TestConnector.Call c) => c.ConversationId == SecurityChannel && IsCoverageCard(c);

    /// <summary>A clock at <paramref name="at"/> (and running on from there).</summary>
    public static ManualClock ClockAt(DateTimeOffset at)
    {
        var clock = new ManualClock();
        clock.Advance(at - clock.GetUtcNow());
        return clock;
    }

    private static Task<EnrollmentHarness> StartAsync(ManualClock clock) =>
        EnrollmentHarness.StartAsync(CoverageChatTests.Settings(), clock, connected: Digest);

    /// <summary>Several check intervals: enough for a wrong post to show.</summary>
    private static Task SeveralChecksAsync() => Task.Delay(1200);

    private static async Task<DigestWeek> StoredWeekAsync(EnrollmentHarness h) =>
        (await h.Store.GetAsync<DigestWeek>(Week, CancellationToken.None))!.Value;

    [Fact]
    public async Task Berlin_Monday_0900_is_posted_at_0800_UTC_in_winter_once_and_not_again_after_a_restart()
    {
        var clock = ClockAt(JustBefore);
        await using var h = await StartAsync(clock);

        await SeveralChecksAsync();
        Assert.DoesNotContain(h.Connector.Calls, IsDigest);

        clock.Advance(TimeSpan.FromMinutes(2));
        var card = TestConnector.CardOf(await h.Connector.WaitForAsync(IsDigest))!;
        Assert.Equal("MFA coverage", Title(card));
        Assert.Contains("0 of 4 human AWS users have MFA (0%).", Texts(card));
        Assert.Equal("lynner@example.com", Rows(card)[0].Name);
        // A shared channel gets neither a CSV link (PublicBaseUrl is set) nor "Invite these N".
        Assert.Null(Action(card, "Action.OpenUrl"));
        Assert.Null(Action(card, "Action.Submit"));

        await SeveralChecksAsync();
        Assert.Single(h.Connector.Calls, IsDigest);
        Assert.Equal(DigestWeek.States.Posted, (await StoredWeekAsync(h)).State);
        Assert.Single(AuditRows.Read(h.Bot.Services), r => r.Event is { Action: "coverage.digest", Outcome: AuditOutcome.Success, Detail: "2026-W50: Posted" });

        await h.RestartAsync();
        await SeveralChecksAsync();
        Assert.Single(h.Connector.Calls, IsDigest);
    }

    [Fact]
    public async Task A_bot_that_was_down_at_the_time_posts_when_it_is_back_and_next_week_posts_again()
    {
        var clock = ClockAt(JustBefore + TimeSpan.FromHours(30)); // Tuesday
        await using var h = await StartAsync(clock);

        await h.Connector.WaitForAsync(IsDigest);
        clock.Advance(TimeSpan.FromDays(6)); // the next Monday afternoon in Berlin
        await h.Connector.WaitForAsync(IsDigest, h.Connector.Calls.ToList().FindIndex(IsDigest) + 1);

        await SeveralChecksAsync();
        Assert.Equal(2, h.Connector.Calls.Count(IsDigest));
        Assert.NotNull(await h.Store.GetAsync<DigestWeek>("coverage-digest/2026-W51", CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_post_is_logged_and_retried_at_the_next_check_of_the_same_week()
    {
        var clock = ClockAt(JustBefore);
        await using var h = await StartAsync(clock);
        var refusals = 0;
        h.Connector.Fault = c => c.ConversationId == SecurityChannel && Interlocked.Increment(ref refusals) == 1
            ? Results.Json(new { error = new { code = "BotNotInConversationRoster", message = "not in the team yet" } }, statusCode: 403)
            : null;

        clock.Advance(TimeSpan.FromMinutes(3));
        await h.Connector.WaitForAsync(IsDigest);

        await SeveralChecksAsync();
        Assert.Single(h.Connector.Rejected, IsDigest);
        Assert.Single(h.Connector.Calls, IsDigest);
        Assert.Contains(h.Logs.Lines, l => l.Contains("Coverage digest 2026-W50: the botframework conversation refused the post (Refused)", StringComparison.Ordinal));
        var week = await StoredWeekAsync(h);
        Assert.Equal((DigestWeek.States.Posted, 1), (week.State, week.FailedPosts));
    }

    [Fact]
    public async Task A_claim_left_by_an_instance_that_stopped_while_posting_is_not_posted_again_but_logged_as_an_error()
    {
        var clock = ClockAt(JustBefore);
        await using var h = await StartAsync(clock);
        var claimedAt = JustBefore - TimeSpan.FromMinutes(20);
        await h.Store.PutAsync(Week, new DigestWeek(DigestWeek.States.Posting, "crashed-instance", claimedAt, claimedAt + DigestWeek.KeptFor), null, CancellationToken.None);

        clock.Advance(TimeSpan.FromMinutes(3));
        await SeveralChecksAsync();

        Assert.DoesNotContain(h.Connector.Calls, IsDigest);
        Assert.Equal(DigestWeek.States.Unknown, (await StoredWeekAsync(h)).State);
        var error = Assert.Single(h.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Error && e.Message.StartsWith("Coverage digest", StringComparison.Ordinal));
        Assert.Contains("instance crashed-instance claimed it", error.Message, StringComparison.Ordinal);
    }
}

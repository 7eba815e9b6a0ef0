using System.Text.Json.Nodes;
using MfaBot.Campaigns.Model;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Campaigns;

public class CampaignScaleTests
{
    private const int People = 1000;
    private const int Rate = 200;
    internal const string Team = "19:team-roster";
    private const string Invite = "Please set up MFA for AWS";

    internal static async Task<EnrollmentHarness> TeamOfAsync(int people, params (string, string?)[] extra)
    {
        var settings = Settings([("Campaigns:SendRatePerSecond", Rate.ToString(System.Globalization.CultureInfo.InvariantCulture)), .. extra]);
        for (var i = 0; i < people; i++) settings[$"IamSimulator:Users:{5 + i}:UserName"] = $"user{i:D4}@example.com";
        var h = await EnrollmentHarness.StartAsync(settings);
        for (var i = 0; i < people; i++) h.Connector.Members[$"29:u{i:D4}"] = ($"user{i:D4}@example.com", $"User {i}");
        return h;
    }

    private static string Stuck(EnrollmentHarness h)
    {
        var store = h.Store;
        var lines = new List<string>();
        foreach (var key in store.ListKeysAsync("campaign-chunk/", CancellationToken.None).ToBlockingEnumerable())
            foreach (var i in store.GetAsync<InviteeChunk>(key, CancellationToken.None).GetAwaiter().GetResult()!.Value.Invitees)
                if (i.State is not (InviteeState.Invited or InviteeState.Enrolled) && i.Reason != FailureReason.Unmapped)
                    lines.Add($"{i.User?.Id} {i.State} {i.Reason} {i.Attempts} {i.DueAt:O} {i.LeaseUntil:O}");
        return string.Join("; ", lines);
    }

    private static bool IsCampaignTraffic(TestConnector.Call c, Dictionary<string, string> opened) =>
        c.Method is "CREATE" or "PUT" || (c.Method == "POST" && (opened.ContainsKey(c.ConversationId) || c.ConversationId.StartsWith("a:", StringComparison.Ordinal)));

    [Fact]
    public async Task A_thousand_people_are_each_invited_exactly_once_through_429s_and_a_restart_without_exceeding_the_rate()
    {
        await using var h = await TeamOfAsync(People);
        var requests = 0;
        h.Connector.Fault = c => c.Method is "CREATE" or "POST" && Interlocked.Increment(ref requests) % 40 == 0 ? new ThrottledResult(TimeSpan.FromSeconds(1)) : null;
        var megan = Megan(h, "channel", Team);
        var preview = await PreviewAsync(h, megan, "invite team");
        var expected = Facts(preview);
        // Megan is in the team too: counted, but not invited by herself.
        Assert.Equal((People + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), expected["Will be invited"]);
        Assert.Equal("1", expected["Unknown (no AWS user)"]);
        var meganPersonal = preview.ConversationId;

        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        await WaitUntilAsync(() => Invitations(h.Connector).Count >= 300, TimeSpan.FromSeconds(60));
        await h.RestartAsync();
        var invitedBeforeRestart = Invitations(h.Connector).Count;
        await WaitUntilAsync(() => Invitations(h.Connector).Count >= People + 1, TimeSpan.FromSeconds(90), () => $"{Invitations(h.Connector).Count} invited; " + Stuck(h));
        var final = await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == preview.ResultId
            && Facts(c).GetValueOrDefault("Invited, not enrolled yet") == (People + 2).ToString(System.Globalization.CultureInfo.InvariantCulture), 0, TimeSpan.FromSeconds(20));
        await Task.Delay(1000);

        var invitations = Invitations(h.Connector);
        Assert.InRange(invitedBeforeRestart, 300, People);
        Assert.NotEmpty(h.Connector.Rejected);
        Assert.All(invitations, i => Assert.Equal(Invite, i.Title));
        Assert.Equal(People + 1, invitations.Count);
        Assert.Equal(People + 1, invitations.Select(i => i.User).Distinct().Count());
        Assert.Contains(invitations, i => i.User == EnrollmentHarness.AlexId);
        Assert.DoesNotContain(invitations, i => i.User == MeganId);
        Assert.Equal(meganPersonal, final.ConversationId);
        Assert.Equal("100% (1002/1002)", AllText(final).Split('\n').Single(l => l.Contains("1002/1002", StringComparison.Ordinal)).Split(' ', 2)[1]);
        var opened = OpenedConversations(h.Connector);
        var paced = h.Connector.Calls.Concat(h.Connector.Rejected).Where(c => IsCampaignTraffic(c, opened)).Select(c => c.At).ToList();
        var peak = MaxInWindow(paced, TimeSpan.FromSeconds(1));
        // Every 40th request is throttled and each 429 holds the tenant back for its Retry-After, so the peak is below the limit.
        Assert.InRange(peak, 1, Rate);
    }

    [Fact]
    public async Task An_invite_interrupted_by_a_crash_is_reported_as_delivery_unknown_and_never_sent_again()
    {
        await using var h = await TeamOfAsync(20);
        var megan = Megan(h, "channel", Team);
        var preview = await PreviewAsync(h, megan, "invite team");
        await h.Bot.DisposeAsync();

        // As an instance leaves it when it dies mid-send: confirmed, one invitee claimed with a lease that has run out.
        using (var store = SqliteStateStore.Open(h.DataFolder))
        {
            await foreach (var key in store.ListKeysAsync("campaign/", CancellationToken.None))
            {
                var campaign = (await store.GetAsync<Campaign>(key, CancellationToken.None))!;
                await store.PutAsync(key, campaign.Value with { Phase = CampaignPhase.Running, CardMessageId = campaign.Value.PreviewMessageId }, campaign.ETag, CancellationToken.None);
            }
            await foreach (var key in store.ListKeysAsync("campaign-chunk/", CancellationToken.None))
            {
                var chunk = (await store.GetAsync<InviteeChunk>(key, CancellationToken.None))!;
                var victim = chunk.Value.Invitees.First(i => i.User?.Id == "29:u0007");
                var sending = victim with { State = InviteeState.Sending, Sending = SendKind.Invite, LeaseUntil = h.Clock.GetUtcNow().AddSeconds(-1) };
                await store.PutAsync(key, chunk.Value.With(victim.N, _ => sending) with { LeaseOwner = "dead-instance", LeaseUntil = h.Clock.GetUtcNow().AddSeconds(-1) },
                    chunk.ETag, CancellationToken.None);
            }
        }
        await h.RestartAsync();

        // 20 people and Alex; Megan (in the team too) is not invited by herself, and user 7's invite is never sent again.
        await WaitUntilAsync(() => Invitations(h.Connector).Count >= 20, TimeSpan.FromSeconds(30), () => $"{Invitations(h.Connector).Count} invited; " + Stuck(h));
        await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == preview.ResultId && Facts(c).GetValueOrDefault("Delivery unknown") == "1");
        Assert.DoesNotContain(Invitations(h.Connector), i => i.User == "29:u0007");
        Assert.Equal(20, Invitations(h.Connector).Select(i => i.User).Distinct().Count());
        var skip = h.Connector.Calls.Count;
        await Megan(h).SayAsync("campaign status");
        var status = await h.Connector.WaitForAsync(c => HasTitle(c, "Campaign status"), skip);
        Assert.Equal("1", Facts(status)["Delivery unknown"]);
        Assert.Contains("User 7 (user0007@example.com): not invited, delivery unknown", AllText(status), StringComparison.Ordinal);
        var audited = Assert.Single(h.AuditLines(), l => l.Contains("campaign.deliveryFailed", StringComparison.Ordinal));
        Assert.Contains("DeliveryUnknown", audited, StringComparison.Ordinal);
        Assert.Contains("user0007@example.com", audited, StringComparison.Ordinal);
        Assert.Single(h.Logs.Entries, e => e.Category.EndsWith("DeliveryFailures", StringComparison.Ordinal) && e.Fields["Reason"]?.ToString() == "DeliveryUnknown");
        Assert.Equal(20, Invitations(h.Connector).Count);
    }
}

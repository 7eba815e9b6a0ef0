using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Resets;

public class ResetExpiryTests
{
    [Fact]
    public async Task An_undecided_request_is_posted_again_then_expires_and_the_person_may_ask_again()
    {
        await using var h = await ResetHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Resets:ReannounceAfter"] = "00:10:00",
            ["Resets:ExpireAfter"] = "01:00:00",
        });
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        var serial = await h.EnrollAsync(alex);
        var (_, card) = await h.RequestResetAsync(alex);
        var id = ResetHarness.RequestIdOf(card);
        var skip = h.Connector.Calls.Count;

        h.Inner.Clock.Advance(TimeSpan.FromMinutes(11));

        var again = await h.Connector.WaitForAsync(c => c.ConversationId == ResetHarness.HelpdeskChannel && c.Method == "POST"
            && ResetHarness.CardText(c).Contains("Reminder: still waiting", StringComparison.Ordinal), skip);
        var old = await h.CardUpdateAsync(card, "posted again below", skip);
        Assert.Empty(TestConnector.CardOf(old)!["actions"]!.AsArray());
        Assert.Equal(id, ResetHarness.RequestIdOf(again));
        skip = h.Connector.Calls.Count;

        h.Inner.Clock.Advance(TimeSpan.FromMinutes(50));

        await h.CardUpdateAsync(again, "nobody decided in time", skip);
        var told = await alex.NextAsync(c => TestConnector.TextOf(c)?.Contains("expired", StringComparison.Ordinal) == true, skip);
        Assert.Contains(id[..8], TestConnector.TextOf(told), StringComparison.Ordinal);
        Assert.Equal(serial, Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail)).SerialNumber);
        Assert.Contains("has expired", await h.ClickForTextAsync(h.Megan(), again, "reset.approve", id), StringComparison.Ordinal);
        Assert.Single(await h.Iam.ListMfaDevicesAsync(EnrollmentHarness.AlexEmail));
        Assert.Equal(["reset.requested", "reset.announced", "reset.reannounced", "reset.expired", "reset.refused"], h.AuditActions(id));

        await h.RequestResetAsync(alex);
    }
}

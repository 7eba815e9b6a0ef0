using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Resets;

/// <summary>
/// A reset never dead-ends: when the helpdesk can't be reached the person hears so, and whom to contact, before they
/// describe what happened; a helpdesk in a Teams channel thread gets its requests in that thread.
/// </summary>
public class ResetReachTests
{
    private const string Contact = "call the service desk on 555 0100";

    private static Dictionary<string, string?> WithContact() => new() { ["Resets:HelpdeskContact"] = Contact };

    [Fact]
    public async Task Without_a_helpdesk_conversation_the_person_is_told_before_being_asked_for_a_reason()
    {
        await using var h = await ResetHarness.StartAsync(WithContact());
        var alex = h.Alex();
        await h.EnrollAsync(alex);

        var skip = h.Connector.Calls.Count;
        await alex.SayAsync("I lost my phone");
        // (Enrollment's closing "All set" line may still arrive after the skip: wait for the answer by what it is about.)
        var said = TestConnector.TextOf(await alex.NextAsync(c => TestConnector.TextOf(c)?.Contains("helpdesk", StringComparison.Ordinal) == true, skip))!;

        Assert.Contains("no helpdesk conversation is set up", said, StringComparison.Ordinal);
        Assert.Contains(Contact, said, StringComparison.Ordinal);
        // One answer, and no card asking for a reason.
        await Task.Delay(300);
        Assert.Single(h.Connector.Calls.Skip(skip), c => c.ConversationId == alex.ConversationId && TestConnector.TextOf(c)?.Contains("helpdesk", StringComparison.Ordinal) == true);
        Assert.DoesNotContain(h.Connector.Calls, c => ResetHarness.CardText(c).Contains("Send to helpdesk", StringComparison.Ordinal));
        Assert.Contains("reset.unavailable", h.AuditActions());
        Assert.Contains("nothing to cancel", await h.AskAsync(alex, "cancel"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_posting_to_the_helpdesk_fails_the_request_is_kept_and_the_next_person_is_told_before_being_asked()
    {
        await using var h = await ResetHarness.StartAsync(WithContact());
        await h.RegisterHelpdeskAsync();
        var alex = h.Alex();
        await h.EnrollAsync(alex);
        var admin = h.Person(ResetHarness.AdminId, "Adele Admin");
        await h.EnrollAsync(admin);
        h.Connector.Fault = c => c.ConversationId == ResetHarness.HelpdeskChannel && c.Method is "POST" or "REPLY"
            ? Results.Json(new { error = new { code = "BotNotInConversationRoster", message = "The bot is not part of the conversation roster." } }, statusCode: 403)
            : null;

        // Alex's request was written before the post failed: it is kept, and his card says so and whom to contact.
        var confirm = await h.AskForReasonAsync(alex);
        var skip = await h.SubmitReasonAsync(alex, confirm, "Phone fell into the lake");
        var saved = ResetHarness.CardText(await alex.NextAsync(c => c.Method == "PUT" && c.ActivityId == confirm.ResultId, skip));
        Assert.Contains("reach the helpdesk just now", saved, StringComparison.Ordinal);
        Assert.Contains(Contact, saved, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), c => c.ConversationId == alex.ConversationId && c.Method == "POST");

        // Adele is told before she types a reason.
        skip = h.Connector.Calls.Count;
        var said = await h.AskAsync(admin, "reset");
        Assert.Contains("can't reach the helpdesk right now", said, StringComparison.Ordinal);
        Assert.Contains(Contact, said, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Connector.Calls.Skip(skip), c => ResetHarness.CardText(c).Contains("Send to helpdesk", StringComparison.Ordinal));

        // Once the helpdesk can be reached again, the sweeper posts Alex's request and Adele may ask.
        h.Connector.Fault = null;
        skip = h.Connector.Calls.Count;
        h.Inner.Clock.Advance(TimeSpan.FromMinutes(2));
        var posted = await h.Connector.WaitForAsync(c => c.ConversationId == ResetHarness.HelpdeskChannel && c.Method == "POST"
            && ResetHarness.CardText(c).Contains("Phone fell into the lake", StringComparison.Ordinal), skip);
        Assert.Equal(["reset.requested", "reset.announceFailed", "reset.announced"], await h.WaitForAuditAsync(ResetHarness.RequestIdOf(posted), "reset.announced"));
        await h.AskForReasonAsync(admin, "reset");
    }

    [Fact]
    public async Task A_helpdesk_registered_in_a_channel_thread_gets_requests_as_replies_in_that_thread()
    {
        const string thread = "19:helpdesk@thread.tacv2;messageid=1700000000000";
        await using var h = await ResetHarness.StartAsync();
        var meganInThread = h.Inner.Chat("29:megan", "Megan Bowen", "channel", thread);
        Assert.StartsWith("Done", await h.AskAsync(meganInThread, "register helpdesk"), StringComparison.Ordinal);
        var alex = h.Alex();
        await h.EnrollAsync(alex);

        var skip = await h.SubmitReasonAsync(alex, await h.AskForReasonAsync(alex), "stolen");

        var card = await h.Connector.WaitForAsync(c => c.ConversationId == thread && ResetHarness.CardText(c).Contains("MFA reset request", StringComparison.Ordinal), skip);
        Assert.Equal(("REPLY", "1700000000000"), (card.Method, card.ActivityId));
        Assert.Equal("1700000000000", card.Body!["replyToId"]!.GetValue<string>());
        Assert.DoesNotContain(h.Connector.Calls, c => c.Method == "POST" && c.ConversationId.StartsWith("19:helpdesk@thread.tacv2", StringComparison.Ordinal));

        // The card in the thread is updated in place, in the same conversation, when an agent approves.
        var approve = await h.ClickAsync(meganInThread, card, "reset.approve", ResetHarness.RequestIdOf(card));
        var updated = await h.CardUpdateAsync(card, "The devices were removed", approve);
        Assert.Equal(thread, updated.ConversationId);
    }
}

using MfaBot.EndToEnd.Support;

namespace MfaBot.EndToEnd;

/// <summary>
/// A lost phone in the Microsoft 365 Agents Playground: the person asks for a reset in their chat, the request card
/// appears in the Development demo's helpdesk channel (My Team > General), and the helpdesk decides there.
/// </summary>
[Collection(OnePlayground.Name)]
public class ResetInTeamsTests
{
    private const string Reason = "My phone fell into the lake";
    private const string DenyReason = "Could not reach Alex on his directory number";

    [Fact]
    public Task A_reset_request_reaches_the_helpdesk_channel_the_requester_cannot_approve_it_and_the_helpdesk_denies_it() =>
        EndToEndSession.RunAsync(nameof(A_reset_request_reaches_the_helpdesk_channel_the_requester_cannot_approve_it_and_the_helpdesk_denies_it), async s =>
        {
            var serial = await ChatEnrollment.EnrollAsync(s);

            await s.Chat.SendAsync("reset");
            await s.Chat.WaitForTextAsync("Lost or replaced your phone?");
            await s.Chat.TypeIntoAsync("e.g. My phone was stolen yesterday", Reason);
            await s.Chat.ClickAsync("Send to helpdesk");
            await s.Chat.WaitForTextAsync("The helpdesk will contact you");
            await s.SnapshotAsync("reset-sent");

            // The demo's helpdesk conversation is the playground's team channel: the request is a new post there.
            await s.Chat.OpenConversationAsync("General");
            await s.Chat.WaitForTextAsync("MFA reset request");
            var request = await s.Chat.CardTextAsync("MFA reset request");
            foreach (var expected in new[] { "Alex Wilber", ChatEnrollment.User, Reason, serial, "directory" })
                Assert.Contains(expected, request, StringComparison.Ordinal);
            await s.PictureAsync("helpdesk-card", "MFA reset request");
            await s.ExpectAccessibleCardsAsync();

            // Alex, a helpdesk member in this run, clicks Approve on his own request: refused, and told only to him.
            await s.Chat.ClickAsync("Approve");
            await s.Chat.OpenConversationAsync("Personal Chat");
            await s.Chat.WaitForTextAsync("is your own reset request");
            Assert.Equal(1, await s.Chat.MessagesWithTextAsync("is your own reset request"));
            await s.SnapshotAsync("own-approval-refused");
            await s.Chat.OpenConversationAsync("General");
            await s.Chat.WaitForTextAsync("MFA reset request");
            Assert.Equal(0, await s.Chat.MessagesWithTextAsync("is your own reset request"));
            Assert.DoesNotContain("Approved by", await s.Chat.CardTextAsync("MFA reset request"), StringComparison.Ordinal);
            Assert.Single(await ChatEnrollment.ListMfaDevicesAsync(s));

            // Megan (helpdesk) starts the playground as herself, with the file the demo guide ships. Her new playground
            // shows no earlier post, so she waits for the bot to post the undecided request again (a minute in the demo).
            await s.PlayAsAsync(Path.Combine(EndToEndPaths.RepoRoot, "docs", "demo", "megan.m365agentsplayground.yml"));
            await s.Chat.OpenConversationAsync("General");
            await s.Chat.WaitForTextAsync("Reminder: still waiting for a decision", TimeSpan.FromSeconds(100));
            await s.ExpectAccessibleCardsAsync();

            await s.Chat.TypeIntoAsync("e.g. Could not reach you on your directory number", DenyReason);
            await s.Chat.ClickAsync("Deny");
            await s.Chat.WaitForTextAsync("Denied by Megan Bowen");
            await s.SnapshotAsync("denied");
            var denied = await s.Chat.CardTextAsync("MFA reset request");
            Assert.Contains(DenyReason, denied, StringComparison.Ordinal);
            Assert.Equal(0, await s.Chat.Page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Approve", Exact = true }).CountAsync());
            await s.ExpectAccessibleCardsAsync();
            // Denied: nothing changed in IAM.
            Assert.Single(await ChatEnrollment.ListMfaDevicesAsync(s));
        },
        // Alex is also a helpdesk member here, so the refusal is the requester rule, not the membership rule;
        // the sweeper looks every second so that the re-post comes right at the demo's one minute.
        "--Resets:HelpdeskMembers:2:Email=" + ChatEnrollment.User, "--Resets:SweepInterval=00:00:01");
}

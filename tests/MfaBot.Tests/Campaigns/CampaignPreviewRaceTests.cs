using System.Text.Json.Nodes;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Http;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Campaigns;

public class CampaignPreviewRaceTests
{
    /// <summary>
    /// "invite" typed in a team channel shows the preview in the manager's 1:1, a different conversation, so its
    /// Confirm can be handled while the invite turn still waits for the answer to its send (found by the kill -9 run).
    /// </summary>
    [Fact]
    public async Task Confirm_clicked_before_the_bot_has_the_preview_cards_id_still_gets_the_progress_card()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Connector.Fault = c => c.Method == "POST" && HasTitle(c, "Invite preview") ? new HeldResult(c.ResultId, answer.Task) : null;

        await Megan(h, "channel", "19:team-channel").SayAsync("invite alexw@example.com");
        await WaitUntilAsync(() => h.Connector.Rejected.Any(c => HasTitle(c, "Invite preview")), TimeSpan.FromSeconds(15));
        // Teams shows the card as soon as it has it; the manager clicks while the bot still waits for the answer.
        var preview = h.Connector.Rejected.Single(c => HasTitle(c, "Invite preview"));
        var megan = h.Chat(MeganId, "Megan Bowen", conversationId: preview.ConversationId);
        var skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        await megan.NextAsync(c => TestConnector.TextOf(c)?.StartsWith("Started.", StringComparison.Ordinal) == true, skip);
        answer.SetResult();

        var progress = await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == preview.ResultId && HasTitle(c, "MFA campaign")
            && Facts(c).GetValueOrDefault("Invited, not enrolled yet") == "1", 0, TimeSpan.FromSeconds(20));
        Assert.Equal(preview.ConversationId, progress.ConversationId);
        Assert.Single(Invitations(h.Connector));
    }

    /// <summary>The connector's answer to a send, held back until <paramref name="release"/> completes.</summary>
    private sealed class HeldResult(string id, Task release) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await release.WaitAsync(TimeSpan.FromSeconds(30));
            await httpContext.Response.WriteAsJsonAsync(new { id });
        }
    }
}

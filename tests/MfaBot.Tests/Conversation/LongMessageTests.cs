using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using MfaBot.Conversation;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Slack;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Conversation;

/// <summary>Hostile or just long messages are answered promptly on both channels, and a bare mention gets the help.</summary>
public sealed class LongMessageTests
{
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_250_KB_teams_message_of_opening_mention_tags_gets_a_prompt_clear_reply_and_a_bare_mention_the_help()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var chat = h.Chat();
        var text = string.Concat(Enumerable.Repeat("<at>", 62_500));
        // Sent as Teams sends it, '<' unescaped, so 250 KB of text fits the 256 KB body limit.
        var body = chat.Activity("message", a => a["text"] = text).ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        using var http = new HttpClient();
        var skip = h.Connector.Calls.Count;
        var started = DateTimeOffset.UtcNow;

        var response = await http.PostAsync(h.Bot.BaseUrl + "/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var reply = await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.True(reply.At - started < Promptly, $"the reply took {reply.At - started}");
        Assert.Equal(TypedText.TooLongReply(250_000), TestConnector.TextOf(reply));
        Assert.DoesNotContain(h.Logs.Lines, l => l.Contains("failed", StringComparison.OrdinalIgnoreCase) && l.Contains("Turn", StringComparison.Ordinal));

        // A message that is only the bot's mention, as in a channel, is a request for help.
        var channel = h.Chat(conversationType: "channel", conversationId: "19:general@thread.tacv2");
        skip = h.Connector.Calls.Count;
        await channel.SayAsync("<at>MfaBot</at> ");
        var help = await channel.NextAsync(c => TestConnector.CardOf(c) is not null || TestConnector.TextOf(c) is not null, skip);
        Assert.Contains("What I can do", TestConnector.CardOf(help)?.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Long_slack_messages_are_refused_clearly_and_a_bare_mention_gets_the_help()
    {
        await using var h = await SlackHarness.StartAsync();
        var started = DateTimeOffset.UtcNow;
        var text = string.Concat(Enumerable.Repeat("<@U1", 12_500));
        SlackHarness.Ok(await h.SayAsync(text));
        var refused = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).Contains("characters long", StringComparison.Ordinal));
        Assert.True(DateTimeOffset.UtcNow - started < Promptly, $"the reply took {DateTimeOffset.UtcNow - started}");
        Assert.Contains("50,000 characters long", SlackHarness.TextOf(refused), StringComparison.Ordinal);

        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SendEventAsync(h.EventEnvelope(new()
        {
            ["type"] = "app_mention", ["user"] = SlackHarness.Alex, ["channel"] = "C0GENERAL", ["text"] = "<@U0MFABOT>", ["ts"] = "1700000001.000200",
        })));
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("Commands:", StringComparison.Ordinal), skip);
    }
}

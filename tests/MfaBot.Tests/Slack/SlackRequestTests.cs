using System.Net;
using System.Text.Json.Nodes;

namespace MfaBot.Tests.Slack;

public class SlackRequestTests
{
    private static bool IsHelp(FakeSlackApi.Call c) => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("Commands:", StringComparison.Ordinal);

    [Fact]
    public async Task A_wrong_signature_is_refused_with_401_before_anything_happens()
    {
        await using var h = await SlackHarness.StartAsync();
        var body = h.EventEnvelope(SlackHarness.DirectMessage(SlackHarness.Alex, "enroll")).ToJsonString();

        var forged = await h.PostAsync("/api/slack/events", body, "application/json", signature: "v0=" + new string('a', 64));
        var tampered = await h.PostAsync("/api/slack/commands", "user_id=U0ALEX&channel_id=DU0ALEX&trigger_id=t&text=enroll", "application/x-www-form-urlencoded",
            signature: "v0=deadbeef");
        using var unsigned = new HttpClient();
        var bare = await unsigned.PostAsync(h.Bot.BaseUrl + "/api/slack/interactions", new StringContent("payload=%7B%7D", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        await Task.Delay(500);
        Assert.Empty(h.Slack.Calls);
    }

    [Fact]
    public async Task A_correctly_signed_request_older_than_five_minutes_is_refused()
    {
        await using var h = await SlackHarness.StartAsync();
        var body = h.EventEnvelope(SlackHarness.DirectMessage(SlackHarness.Alex, "help")).ToJsonString();

        var stale = await h.PostAsync("/api/slack/events", body, "application/json", at: h.Clock.GetUtcNow().AddMinutes(-6));
        var future = await h.PostAsync("/api/slack/events", body, "application/json", at: h.Clock.GetUtcNow().AddMinutes(6));

        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, future.StatusCode);
        // The same body signed now is accepted: only the timestamp was wrong.
        SlackHarness.Ok(await h.PostAsync("/api/slack/events", body, "application/json", at: h.Clock.GetUtcNow().AddMinutes(-4)));
        await h.Slack.WaitForAsync(IsHelp);
    }

    [Fact]
    public async Task A_retried_event_is_acknowledged_but_processed_once()
    {
        await using var h = await SlackHarness.StartAsync();
        var envelope = h.EventEnvelope(SlackHarness.DirectMessage(SlackHarness.Alex, "help"));

        SlackHarness.Ok(await h.SendEventAsync(envelope));
        SlackHarness.Ok(await h.SendEventAsync(envelope, retryNum: 1));
        SlackHarness.Ok(await h.SendEventAsync(envelope, retryNum: 2));
        // A later event of the same person runs after any retry would have: its answer marks the end.
        SlackHarness.Ok(await h.SayAsync("status"));
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("MFA status", StringComparison.Ordinal));

        Assert.Single(h.Slack.Calls, IsHelp);
    }

    [Fact]
    public async Task Url_verification_echoes_the_challenge_and_malformed_bodies_get_400()
    {
        await using var h = await SlackHarness.StartAsync();

        var verify = SlackHarness.Ok(await h.PostAsync("/api/slack/events",
            new JsonObject { ["token"] = "t", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" }.ToJsonString(), "application/json"));
        var malformed = await h.PostAsync("/api/slack/events", "{not json", "application/json");
        var noPayload = await h.PostAsync("/api/slack/interactions", "nothing=here", "application/x-www-form-urlencoded");
        var tooLarge = await h.PostAsync("/api/slack/events", new string('x', 300 * 1024), "application/json");

        var answer = JsonNode.Parse(await verify.Content.ReadAsStringAsync())!;
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer["challenge"]!.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noPayload.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Rate_limited_calls_wait_for_Retry_After_and_succeed()
    {
        await using var h = await SlackHarness.StartAsync();
        h.Slack.RateLimit("chat.postMessage", times: 2, retryAfterSeconds: 1);
        var started = DateTime.UtcNow;

        SlackHarness.Ok(await h.SayAsync("help"));
        await h.Slack.WaitForAsync(IsHelp);

        Assert.Equal(2, h.Slack.RateLimitedAnswers);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2), "the client did not wait for Retry-After");
        Assert.Single(h.Slack.Calls, IsHelp);
    }

    [Fact]
    public async Task Opening_the_app_welcomes_the_person_once()
    {
        await using var h = await SlackHarness.StartAsync();
        JsonObject Opened() => new() { ["type"] = "app_home_opened", ["user"] = SlackHarness.Alex, ["channel"] = SlackHarness.DirectChannel(SlackHarness.Alex), ["tab"] = "messages" };

        SlackHarness.Ok(await h.SendEventAsync(h.EventEnvelope(Opened())));
        var welcome = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.TextOf(c).StartsWith("Hi ", StringComparison.Ordinal));
        SlackHarness.Ok(await h.SendEventAsync(h.EventEnvelope(Opened())));
        SlackHarness.Ok(await h.SayAsync("help"));
        await h.Slack.WaitForAsync(IsHelp);

        Assert.Equal(SlackHarness.DirectChannel(SlackHarness.Alex), welcome.Args["channel"]!.ToString());
        Assert.Single(h.Slack.Calls, c => SlackHarness.TextOf(c).StartsWith("Hi ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_bot_ignores_its_own_messages_and_other_bots()
    {
        await using var h = await SlackHarness.StartAsync();
        var own = SlackHarness.DirectMessage(SlackHarness.BotUser, "enroll");
        var bot = SlackHarness.DirectMessage(SlackHarness.Alex, "enroll");
        bot["bot_id"] = "B0OTHER";

        SlackHarness.Ok(await h.SendEventAsync(h.EventEnvelope(own)));
        SlackHarness.Ok(await h.SendEventAsync(h.EventEnvelope(bot)));
        SlackHarness.Ok(await h.SayAsync("help"));
        await h.Slack.WaitForAsync(IsHelp);

        Assert.DoesNotContain(h.Slack.Calls, c => c.Method.StartsWith("files.", StringComparison.Ordinal) || c.Method == "users.info");
    }

    [Fact]
    public async Task Without_a_signing_secret_and_token_the_Slack_endpoints_do_not_exist()
    {
        await using var h = await SlackHarness.StartAsync(slackEnabled: false);

        foreach (var path in new[] { "/api/slack/events", "/api/slack/interactions", "/api/slack/commands" })
            Assert.Equal(HttpStatusCode.NotFound, (await h.PostAsync(path, "{}", "application/json")).StatusCode);
    }
}

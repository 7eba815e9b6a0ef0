using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

using MfaBot.Tests.Support;

namespace MfaBot.Tests.Slack;

/// <summary>Found by the hostile-payload run: these got a 500, or were acknowledged and then failed in the background.</summary>
public class SlackMalformedRequestTests
{
    private const string Form = "application/x-www-form-urlencoded";

    [Theory]
    [InlineData("/api/slack/events", "{\"type\":\"url_verification\",\"type\":\"event_callback\",\"challenge\":\"c\"}")]
    [InlineData("/api/slack/events", "{\"type\":\"url_verifi\\ud800cation\",\"challenge\":\"c\"}")]
    [InlineData("/api/slack/events", "{\"type\":\"url_verification\",\"challenge\":{\"a\":[1]}}")]
    [InlineData("/api/slack/events", "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\"U\\udc00\",\"channel\":\"D1\"}}")]
    [InlineData("/api/slack/interactions", "payload=%7B%22type%22%3A%22block_actions%22%2C%22type%22%3A%22view_submission%22%7D")]
    [InlineData("/api/slack/interactions", "payload=%7B%22type%22%3A%22block_actions%22%2C%22user%22%3A%7B%22id%22%3A%22%5Cud800%22%7D%7D")]
    public async Task A_signed_body_with_a_name_twice_a_lone_surrogate_or_an_odd_challenge_gets_400(string path, string body)
    {
        await using var h = await SlackHarness.StartAsync();

        using var response = await h.PostAsync(path, body, path.EndsWith("events", StringComparison.Ordinal) ? "application/json" : Form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Modal_metadata_with_a_lone_surrogate_gets_400_and_with_a_name_twice_is_ignored()
    {
        await using var h = await SlackHarness.StartAsync();
        JsonObject View(string metadata) => new() { ["type"] = "modal", ["callback_id"] = "enroll.codes", ["private_metadata"] = metadata };

        using var surrogate = await h.InteractAsync(h.Submit(View("{\"channel\":\"D\\ud800\",\"ts\":\"1\"}"), "123456", "654321"));
        using var twice = await h.InteractAsync(h.Submit(View("{\"channel\":\"D1\",\"channel\":\"D2\",\"ts\":\"1\"}"), "123456", "654321"));

        Assert.Equal(HttpStatusCode.BadRequest, surrogate.StatusCode);
        // Unreadable metadata is no metadata: the answer goes to the person's direct messages.
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        var answer = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Equal(SlackHarness.DirectChannel(SlackHarness.Alex), answer.Args["channel"]!.ToString());
    }

    [Fact]
    public async Task Ids_of_the_longest_accepted_length_get_the_usual_answer_and_an_audit_record()
    {
        // Found by the hostile-payload run: a 256-character team and user id made a per-person key too long for the
        // store and the audit trail, and the person got "something went wrong".
        await using var h = await SlackHarness.StartAsync();
        var (user, team) = (new string('U', 256), new string('T', 256));
        h.Slack.Users[user] = new FakeSlackApi.User("nobody@example.com", "No Body", team);
        var message = SlackHarness.DirectMessage(user, "enroll");
        message["channel"] = "D0LONG";
        var envelope = h.EventEnvelope(message);
        envelope["team_id"] = team;

        SlackHarness.Ok(await h.SendEventAsync(envelope));

        var answer = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.StartsWith("I can't set up MFA for you", answer.Args["text"]!.ToString(), StringComparison.Ordinal);
        var audit = AuditRows.Lines(h.Bot.Services);
        Assert.Contains(audit, l => l.Contains("\"enrollment.unmapped\"", StringComparison.Ordinal) && l.Contains("\"slack/~", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Entries, e => e.Level is LogLevel.Error or LogLevel.Critical);
    }

    [Fact]
    public async Task Ids_and_names_no_key_or_audit_record_can_hold_are_refused_with_400_and_nothing_happens()
    {
        await using var h = await SlackHarness.StartAsync();
        var longUser = SlackHarness.DirectMessage(new string('U', 300), "help");
        var bell = SlackHarness.DirectMessage(SlackHarness.Alex, "help");
        bell["channel"] = "D\u0007";
        var command = h.Command("help", SlackHarness.DirectChannel(SlackHarness.Alex));
        command["user_name"] = "alex\u0000";
        var click = h.Click(SlackHarness.DirectChannel(SlackHarness.Alex), new string('1', 300), "enroll.cancel", "enroll.cancel");

        HttpResponseMessage[] answers =
        [
            await h.SendEventAsync(h.EventEnvelope(longUser)),
            await h.SendEventAsync(h.EventEnvelope(bell)),
            await h.PostAsync("/api/slack/commands", SlackHarness.Form(command), Form),
            await h.InteractAsync(click),
        ];

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.BadRequest, a.StatusCode));
        Assert.Contains("user id must be 1 to 256 characters", await answers[0].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // A later good request is answered; nothing before it was.
        SlackHarness.Ok(await h.SayAsync("help"));
        await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage");
        Assert.Single(h.Slack.Calls, c => c.Method == "chat.postMessage");
        Assert.DoesNotContain(h.Logs.Entries, e => e.Level is LogLevel.Error or LogLevel.Critical);
    }

    [Theory]
    [InlineData("modal:nope")]
    [InlineData("modal:../x")]
    public async Task A_button_naming_a_modal_the_bot_does_not_have_opens_nothing_and_logs_a_warning(string value)
    {
        await using var h = await SlackHarness.StartAsync();

        SlackHarness.Ok(await h.InteractAsync(h.Click(SlackHarness.DirectChannel(SlackHarness.Alex), "1700000001.000100", "enroll.codes", value)));

        for (var i = 0; i < 100 && !h.Logs.Lines.Any(l => l.Contains("no such modal", StringComparison.Ordinal)); i++) await Task.Delay(50);
        Assert.Contains(h.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("no such modal", StringComparison.Ordinal));
        Assert.DoesNotContain(h.Logs.Entries, e => e.Level is LogLevel.Error or LogLevel.Critical);
        Assert.DoesNotContain(h.Slack.Calls, c => c.Method == "views.open");
    }
}

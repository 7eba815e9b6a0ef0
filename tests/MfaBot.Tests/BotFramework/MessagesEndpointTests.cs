using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Channels.BotFramework;
using MfaBot.Channels.BotFramework.Schema;

namespace MfaBot.Tests.BotFramework;

public sealed class MessagesEndpointTests
{
    [Fact]
    public async Task Message_is_acknowledged_with_202_and_handled()
    {
        await using var host = await BotHost.StartAsync();
        var response = await host.PostAsync(Activities.Message("a1", text: "enroll").ToJsonString());

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var seen = await host.Handler.WaitForAsync("a1");
        Assert.Equal("enroll", seen.Text);
        Assert.Equal("user-id-0", seen.From?.Id);
        Assert.Equal("personal", seen.Conversation?.ConversationType);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 3, 4, 5, 678, TimeSpan.Zero), seen.Timestamp);
    }

    [Fact]
    public async Task Invoke_returns_the_handlers_invoke_response()
    {
        await using var host = await BotHost.StartAsync();
        host.Handler.OnTurn = (a, _) => Task.FromResult<InvokeResponse?>(
            new InvokeResponse(200, new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = "done " + a.Value?.GetProperty("action").GetProperty("verb").GetString() }));

        var response = await host.PostAsync(Activities.Invoke("i1").ToJsonString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("done start", (string?)body["value"]);
        Assert.Equal(200, (int?)body["statusCode"]);
    }

    [Fact]
    public async Task Invoke_without_an_answer_is_501_and_a_failing_invoke_is_500_without_detail()
    {
        await using var host = await BotHost.StartAsync();
        Assert.Equal(HttpStatusCode.NotImplemented, (await host.PostAsync(Activities.Invoke("i1").ToJsonString())).StatusCode);

        host.Handler.OnTurn = (_, _) => throw new InvalidOperationException("boom");
        var failed = await host.PostAsync(Activities.Invoke("i2").ToJsonString());
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.DoesNotContain("boom", await failed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json", "malformed activity JSON")]
    [InlineData("null", "activity must be a JSON object")]
    [InlineData("[1,2]", "malformed activity JSON")]
    [InlineData("{\"id\":\"x\",\"text\":\"hi\"}", "activity type is required")]
    [InlineData("{\"type\":\"message\",\"timestamp\":5}", "malformed activity JSON")]
    [InlineData("", "malformed activity JSON")]
    public async Task Bad_json_is_400_with_a_short_message(string body, string message)
    {
        await using var host = await BotHost.StartAsync();
        var response = await host.PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(message, await response.Content.ReadAsStringAsync());
        Assert.Empty(host.Handler.Seen);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Body_over_the_limit_is_413(bool withContentLength)
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["BotFramework:MaxRequestBodyBytes"] = "4096" });
        var activity = Activities.Message("big", text: new string('x', 5000)).ToJsonString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(activity, System.Text.Encoding.UTF8, "application/json"),
        };
        // Without Content-Length the limit must hold while streaming.
        request.Headers.TransferEncodingChunked = !withContentLength;

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var fits = await host.PostAsync(Activities.Message("small", text: new string('x', 3000)).ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, fits.StatusCode);
        await host.Handler.WaitForAsync("small");
        Assert.DoesNotContain(host.Handler.Seen, a => a.Id == "big");
    }

    [Fact]
    public async Task Duplicate_activity_is_processed_once()
    {
        await using var host = await BotHost.StartAsync();
        var json = Activities.Message("dup").ToJsonString();

        Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(json)).StatusCode);
        // Same id in another conversation is a different activity.
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(Activities.Message("dup", conversationId: "conv-2").ToJsonString())).StatusCode);
        await host.PostAsync(Activities.Message("after").ToJsonString());

        await host.Handler.WaitForAsync("after");
        Assert.Single(host.Handler.Seen, a => a.Id == "dup" && a.Conversation?.Id == "conv-1");
    }

    [Fact]
    public async Task Turns_of_one_conversation_run_in_order()
    {
        await using var host = await BotHost.StartAsync();
        var finished = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var running = 0;
        var overlapped = false;
        host.Handler.OnTurn = async (a, ct) =>
        {
            if (Interlocked.Increment(ref running) > 1) overlapped = true;
            // Even turns are slow: run in parallel, the odd ones would finish first.
            await Task.Delay(int.Parse(a.Id![1..]) % 2 == 0 ? 8 : 0, ct);
            finished.Enqueue(a.Id);
            Interlocked.Decrement(ref running);
            return null;
        };
        var ids = Enumerable.Range(0, 50).Select(i => $"m{i}").ToList();

        foreach (var id in ids)
            Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(Activities.Message(id).ToJsonString())).StatusCode);

        await host.Handler.WaitForAsync("m49");
        for (var i = 0; i < 500 && finished.Count < 50; i++) await Task.Delay(10);
        Assert.Equal(ids, finished);
        Assert.False(overlapped);
    }

    [Fact]
    public async Task Conversations_run_in_parallel()
    {
        await using var host = await BotHost.StartAsync();
        var otherHandled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Handler.OnTurn = async (a, ct) =>
        {
            if (a.Conversation?.Id == "slow") await otherHandled.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            else otherHandled.TrySetResult();
            return null;
        };

        await host.PostAsync(Activities.Message("s1", conversationId: "slow").ToJsonString());
        await host.PostAsync(Activities.Message("f1", conversationId: "fast").ToJsonString());

        await host.Handler.WaitForAsync("f1");
        await otherHandled.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Unknown_fields_survive_a_round_trip()
    {
        await using var host = await BotHost.StartAsync();
        var sent = Activities.Message("rt");
        sent["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "t-1" }, ["custom"] = new JsonArray(1, 2) };
        sent["entities"] = new JsonArray(new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US" });
        sent["localTimezone"] = "Europe/Paris";
        ((JsonObject)sent["from"]!)["userRole"] = "user";
        await host.PostAsync(sent.ToJsonString());

        var seen = await host.Handler.WaitForAsync("rt");
        var back = JsonNode.Parse(JsonSerializer.Serialize(seen, BotFrameworkJson.Options))!.AsObject();

        // The timestamp is re-formatted (same instant); everything else must come back as sent.
        Assert.Equal(seen.Timestamp, back["timestamp"]!.GetValue<DateTimeOffset>());
        sent.Remove("timestamp");
        back.Remove("timestamp");

        Assert.True(JsonNode.DeepEquals(sent, back), back.ToJsonString());
        Assert.Equal("t-1", seen.ChannelData?.GetProperty("tenant").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Handler_failure_is_logged_with_the_id_but_not_the_text_and_later_turns_still_run()
    {
        await using var host = await BotHost.StartAsync();
        host.Handler.OnTurn = (a, _) => a.Id == "bad" ? throw new InvalidOperationException("handler broke") : Task.FromResult<InvokeResponse?>(null);

        await host.PostAsync(Activities.Message("bad", text: "SECRET-123456").ToJsonString());
        await host.PostAsync(Activities.Message("good").ToJsonString());

        await host.Handler.WaitForAsync("good");
        var line = Assert.Single(host.Logs.Lines, l => l.Contains("handler broke", StringComparison.Ordinal));
        Assert.Contains("bad", line, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("SECRET-123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Full_queue_answers_503_with_retry_after_and_the_retry_is_accepted_later()
    {
        await using var host = await BotHost.StartAsync(new Dictionary<string, string?> { ["BotFramework:WorkQueueCapacity"] = "2" });
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Handler.OnTurn = async (_, ct) =>
        {
            await release.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
            return null;
        };

        Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(Activities.Message("q1").ToJsonString())).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(Activities.Message("q2").ToJsonString())).StatusCode);
        var full = await host.PostAsync(Activities.Message("q3").ToJsonString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, full.StatusCode);
        Assert.NotNull(full.Headers.RetryAfter);

        release.SetResult();
        await host.Handler.WaitForAsync("q2");
        await WaitUntilAcceptedAsync(host, Activities.Message("q3").ToJsonString());
        await host.Handler.WaitForAsync("q3");
    }

    [Fact]
    public async Task Shutdown_drains_accepted_activities()
    {
        var host = await BotHost.StartAsync();
        host.Handler.OnTurn = async (_, ct) =>
        {
            await Task.Delay(100, ct);
            return null;
        };
        foreach (var id in new[] { "d1", "d2", "d3" })
            Assert.Equal(HttpStatusCode.Accepted, (await host.PostAsync(Activities.Message(id).ToJsonString())).StatusCode);

        await host.DisposeAsync();

        Assert.Equal(["d1", "d2", "d3"], host.Handler.Seen.Select(a => a.Id!));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("timed out", StringComparison.Ordinal));
    }

    private static async Task WaitUntilAcceptedAsync(BotHost host, string json)
    {
        for (var i = 0; i < 100; i++)
        {
            var status = (await host.PostAsync(json)).StatusCode;
            if (status == HttpStatusCode.Accepted) return;
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            await Task.Delay(20);
        }
        Assert.Fail("activity was never accepted");
    }
}

using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace MfaBot.LoadTest.Channel;

/// <summary>The channel's side of a turn: POST the activity to the bot, then wait for the connector call that answers it.</summary>
public sealed class ChannelClient(HttpClient http, string messagesUrl, ChannelConnector connector)
{
    public static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(20);

    public string ServiceUrl => connector.ServiceUrl;

    public ChannelConnector Connector => connector;

    /// <summary>A new HttpClient tuned for many loopback connections.</summary>
    public static HttpClient NewHttp() => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = int.MaxValue,
        UseCookies = false,
    }) { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Posts and waits; a 503 with Retry-After is honoured (the bot's backpressure), any other failure throws.</summary>
    public Task<Turn> TurnAsync(Person person, JsonObject activity, Func<ConnectorCall, bool> answer, CancellationToken ct = default) =>
        TurnAsync(person, activity, answer, TurnTimeout, ct);

    /// <param name="timeout">How long to wait for the answer once the bot took the activity (a long preview, say).</param>
    public async Task<Turn> TurnAsync(Person person, JsonObject activity, Func<ConnectorCall, bool> answer, TimeSpan timeout, CancellationToken ct = default)
    {
        var inbox = connector.InboxOf(person.ConversationId);
        var body = Encoding.UTF8.GetBytes(activity.ToJsonString());
        for (var attempt = 1; ; attempt++)
        {
            var waiting = inbox.Expect(answer);
            var started = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await http.PostAsync(messagesUrl, content, ct);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 10)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), ct);
                continue;
            }
            if (!response.IsSuccessStatusCode) throw new HttpRequestException($"{messagesUrl} answered {(int)response.StatusCode}");
            var call = await waiting.WaitAsync(timeout, ct);
            return new Turn(call, Stopwatch.GetElapsedTime(started, call.ArrivedAt));
        }
    }

    public readonly record struct Turn(ConnectorCall Answer, TimeSpan Latency);
}

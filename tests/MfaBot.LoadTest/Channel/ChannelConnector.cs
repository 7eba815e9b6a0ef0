using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Channel;

/// <summary>
/// The Bot Connector a channel serves at an activity's serviceUrl, on this process's own Kestrel: takes sends,
/// replies, updates and deletes, hands each to its conversation's <see cref="Inbox"/>, and answers member lookups
/// (people are named <c>29:&lt;local&gt;</c> and have the email <c>&lt;local&gt;@example.com</c>). Opening a 1:1
/// answers the person's own <see cref="Person.ConversationId"/>, as Teams answers the same chat every time, and is
/// recorded there as a CREATE call; every conversation's roster is <see cref="Roster"/>.
/// </summary>
public sealed class ChannelConnector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Inbox> _inboxes = new(StringComparer.Ordinal);
    private readonly bool _keepTranscripts;
    private long _nextId;
    private long _calls;

    private ChannelConnector(WebApplication app, bool keepTranscripts)
    {
        _app = app;
        _keepTranscripts = keepTranscripts;
    }

    /// <summary>No trailing slash, like the Teams App Test Tool's.</summary>
    public string ServiceUrl { get; private set; } = "";

    public long CallCount => Interlocked.Read(ref _calls);

    /// <summary>Sees every call as it arrives (e.g. to count a campaign's deliveries); must be quick.</summary>
    public Action<ConnectorCall>? Observer { get; set; }

    /// <summary>The members any conversation lists (a team's roster, for "invite team").</summary>
    public IReadOnlyList<Person> Roster { get; set; } = [];

    /// <param name="keepTranscripts">Keep every call per conversation (reliability runs); load runs keep only the last.</param>
    public static async Task<ChannelConnector> StartAsync(bool keepTranscripts = false)
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var connector = new ChannelConnector(app, keepTranscripts);
        connector.Map(app);
        connector.ServiceUrl = await LoopbackApp.StartAsync(app);
        return connector;
    }

    public Inbox InboxOf(string conversationId) => _inboxes.GetOrAdd(conversationId, _ => new Inbox(_keepTranscripts));

    public static string EmailOf(string userId) => LocalOf(userId) + "@example.com";

    private static string LocalOf(string userId) => userId.StartsWith("29:", StringComparison.Ordinal) ? userId[3..] : userId;

    private void Map(WebApplication app)
    {
        var v3 = app.MapGroup("/v3/conversations");
        v3.MapPost("/{conversationId}/activities", (string conversationId, JsonObject body) => Record("POST", conversationId, null, body, NewId()));
        v3.MapPost("/{conversationId}/activities/{replyTo}", (string conversationId, string replyTo, JsonObject body) => Record("REPLY", conversationId, replyTo, body, NewId()));
        v3.MapPut("/{conversationId}/activities/{activityId}", (string conversationId, string activityId, JsonObject body) => Record("PUT", conversationId, activityId, body, activityId));
        v3.MapDelete("/{conversationId}/activities/{activityId}", (string conversationId, string activityId) => Record("DELETE", conversationId, activityId, null, activityId));
        v3.MapGet("/{conversationId}/members/{userId}", (string conversationId, string userId) =>
            Results.Json(new { id = userId, name = userId, email = EmailOf(userId), userPrincipalName = EmailOf(userId) }));
        v3.MapGet("/{conversationId}/pagedmembers", (string conversationId, string? continuationToken, int? pageSize) =>
        {
            var start = int.TryParse(continuationToken, out var s) ? s : 0;
            var size = Math.Clamp(pageSize ?? 100, 1, 500);
            var page = Roster.Skip(start).Take(size).Select(p => new { id = p.UserId, name = p.Local, email = p.Email, userPrincipalName = p.Email });
            return Results.Json(new { members = page, continuationToken = start + size < Roster.Count ? (start + size).ToString(CultureInfo.InvariantCulture) : null });
        });
        v3.MapPost("", (JsonObject body) =>
        {
            if (body["members"]?[0]?["id"]?.GetValue<string>() is not { } member) return Results.BadRequest();
            var chat = new Person(LocalOf(member)).ConversationId;
            return Record("CREATE", chat, null, body, chat);
        });
    }

    private IResult Record(string method, string conversationId, string? activityId, JsonObject? body, string id)
    {
        var call = new ConnectorCall(method, conversationId, activityId, body, id, Stopwatch.GetTimestamp());
        Interlocked.Increment(ref _calls);
        Observer?.Invoke(call);
        InboxOf(conversationId).Deliver(call);
        return Results.Json(new { id });
    }

    private string NewId() => ActivityIds.Next(ref _nextId);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

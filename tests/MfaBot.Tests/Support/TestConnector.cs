using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.LoadTest.Channel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Support;

/// <summary>
/// Plays the Bot Connector at an activity's serviceUrl: records every send, reply, update and delete, answers
/// member lookups from a directory, and creates conversations. Behaves like the Teams App Test Tool's connector.
/// </summary>
public sealed class TestConnector : IAsyncDisposable
{
    /// <param name="ResultId">The activity id the connector answered with (the id of a sent card).</param>
    public sealed record Call(string Method, string ConversationId, string? ActivityId, JsonObject? Body, DateTimeOffset At, string ResultId);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly SemaphoreSlim _signal = new(0);
    private long _nextId;

    public ConcurrentDictionary<string, (string Email, string Name)> Members { get; } = new();

    private int _memberLookups;

    /// <summary>How many times the bot asked for one member's profile (GET …/members/{userId}).</summary>
    public int MemberLookups => Volatile.Read(ref _memberLookups);

    /// <summary>Files served at <see cref="FileUrl"/> (attachments a person uploads).</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>Consulted for every send, reply, update and create: a result answers instead (e.g. a 429), and the call is recorded as rejected.</summary>
    public Func<Call, IResult?>? Fault { get; set; }

    private readonly ConcurrentQueue<Call> _rejected = new();

    /// <summary>Calls answered by <see cref="Fault"/>: they reached the connector but delivered nothing.</summary>
    public IReadOnlyList<Call> Rejected => _rejected.ToArray();

    public string FileUrl(string name) => ServiceUrl.Replace("/_connector", "/_files/", StringComparison.Ordinal) + Uri.EscapeDataString(name);

    private TestConnector(WebApplication app) => _app = app;

    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<Call> Calls => _calls.ToArray();

    public static async Task<TestConnector> StartAsync()
    {
        var builder = LoopbackApp.CreateBuilder();
        var app = builder.Build();
        var connector = new TestConnector(app);
        connector.Map(app);
        connector.ServiceUrl = await LoopbackApp.StartAsync(app) + "/_connector";
        return connector;
    }

    private void Map(WebApplication app)
    {
        var v3 = app.MapGroup("/_connector/v3/conversations");
        v3.MapPost("/{conversationId}/activities", (string conversationId, JsonObject body) => Record("POST", conversationId, null, body, NewId()));
        v3.MapPost("/{conversationId}/activities/{replyTo}", (string conversationId, string replyTo, JsonObject body) => Record("REPLY", conversationId, replyTo, body, NewId()));
        v3.MapPut("/{conversationId}/activities/{activityId}", (string conversationId, string activityId, JsonObject body) => Record("PUT", conversationId, activityId, body, activityId));
        v3.MapDelete("/{conversationId}/activities/{activityId}", (string conversationId, string activityId) => Record("DELETE", conversationId, activityId, null, activityId));
        v3.MapGet("/{conversationId}/members/{userId}", (string conversationId, string userId) =>
            Interlocked.Increment(ref _memberLookups) > 0 && Members.TryGetValue(userId, out var m)
                ? Results.Json(new { id = userId, name = m.Name, email = m.Email, userPrincipalName = m.Email, aadObjectId = Guid.NewGuid().ToString() })
                : Results.NotFound(new { error = new { code = "MemberNotFoundInConversation", message = "not found" } }));
        v3.MapGet("/{conversationId}/pagedmembers", (string conversationId, string? continuationToken, int? pageSize) =>
        {
            var all = Members.OrderBy(m => m.Key, StringComparer.Ordinal).ToList();
            var start = int.TryParse(continuationToken, out var s) ? s : 0;
            var size = Math.Clamp(pageSize ?? 100, 1, 2);
            var page = all.Skip(start).Take(size).Select(m => new { id = m.Key, name = m.Value.Name, email = m.Value.Email, userPrincipalName = m.Value.Email });
            return Results.Json(new { members = page, continuationToken = start + size < all.Count ? (start + size).ToString() : null });
        });
        v3.MapPost("", (JsonObject body) =>
        {
            var id = "a:" + NewId();
            return Record("CREATE", id, null, body, id) is var result && _rejectedIds.ContainsKey(id) ? result : Results.Json(new { id });
        });
        app.MapGet("/_files/{name}", (string name) => Files.TryGetValue(name, out var bytes) ? Results.Bytes(bytes, "text/csv") : Results.NotFound());
    }

    private readonly ConcurrentDictionary<string, bool> _rejectedIds = new();

    private IResult Record(string method, string conversationId, string? activityId, JsonObject? body, string id)
    {
        var call = new Call(method, conversationId, activityId, body, DateTimeOffset.UtcNow, id);
        ChatSeeds.Record(body);
        if (Fault?.Invoke(call) is { } fault)
        {
            _rejected.Enqueue(call);
            _rejectedIds[id] = true;
            return fault;
        }
        _calls.Enqueue(call);
        _signal.Release();
        return Results.Json(new { id });
    }

    private string NewId() => ActivityIds.Next(ref _nextId);

    /// <summary>Waits until a call after <paramref name="skip"/> calls matches; bounded by <paramref name="timeout"/>.</summary>
    public async Task<Call> WaitForAsync(Func<Call, bool> match, int skip = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = Calls.Skip(skip).FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException("No matching connector call. Calls so far:\n" + string.Join("\n", Calls.Select(Describe)));
            await _signal.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public static string Describe(Call c) =>
        $"{c.Method} {c.ConversationId} {c.ActivityId} text={c.Body?["text"]} card={CardOf(c)?.ToJsonString()[..Math.Min(200, CardOf(c)?.ToJsonString().Length ?? 0)]}";

    /// <summary>The Adaptive Card in a recorded activity, if any.</summary>
    public static JsonObject? CardOf(Call call) =>
        call.Body?["attachments"] is JsonArray { Count: > 0 } attachments ? attachments[0]?["content"] as JsonObject : null;

    public static string? TextOf(Call call) => call.Body?["text"]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

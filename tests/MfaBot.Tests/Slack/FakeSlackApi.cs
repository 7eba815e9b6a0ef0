using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Slack;

/// <summary>
/// A local Slack Web API: records every call, checks it against the method's documented shape (bearer token,
/// accepted content types, required arguments, Block Kit limits) and answers like Slack. Violations are collected
/// in <see cref="Violations"/> and answered with ok:false, so a test sees both.
/// </summary>
public sealed class FakeSlackApi : IAsyncDisposable
{
    public const string Token = "xoxb-test-token";

    public sealed record Call(string Method, string ContentType, JsonObject Args, JsonObject Reply);

    public sealed record SlackFile(string Id, string Name, int Length, byte[]? Bytes, string? Channel, bool Deleted);

    /// <param name="Tz">The IANA zone users.info answers as "tz" (with its "tz_offset"), when set.</param>
    public sealed record User(string Email, string Name, string TeamId, bool IsBot = false, string? Tz = null);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Call> _calls = new();
    private readonly ConcurrentDictionary<string, (int Times, int RetryAfter)> _rateLimits = new();
    private readonly SemaphoreSlim _signal = new(0);
    private int _next;

    public ConcurrentDictionary<string, User> Users { get; } = new();
    public ConcurrentDictionary<string, List<string>> ChannelMembers { get; } = new();
    public ConcurrentDictionary<string, SlackFile> Files { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Messages { get; } = new();
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Users with whom conversations.open fails, and Slack's error for it (e.g. user_not_found).</summary>
    public ConcurrentDictionary<string, string> OpenErrors { get; } = new();

    /// <summary>Channels where chat.postMessage fails, and Slack's error for it (e.g. not_in_channel).</summary>
    public ConcurrentDictionary<string, string> PostErrors { get; } = new();
    private int _rateLimited;

    public int RateLimitedAnswers => Volatile.Read(ref _rateLimited);

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<Call> Calls => _calls.ToArray();

    /// <summary>Off, calls are only counted and posted messages not kept: a long run's memory stays the bot's.</summary>
    public bool Recording { get; set; } = true;

    private long _callCount;

    public long CallCount => Interlocked.Read(ref _callCount);

    private FakeSlackApi(WebApplication app) => _app = app;

    public static async Task<FakeSlackApi> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var fake = new FakeSlackApi(app);
        app.MapPost("/api/{method}", fake.HandleAsync);
        app.MapPost("/upload/{fileId}", fake.UploadAsync);
        app.MapGet("/download/{fileId}", fake.DownloadAsync);
        fake.BaseUrl = await LoopbackApp.StartAsync(app) + "/api/";
        return fake;
    }

    /// <summary>The next <paramref name="times"/> calls of <paramref name="method"/> get 429 with Retry-After.</summary>
    public void RateLimit(string method, int times, int retryAfterSeconds) => _rateLimits[method] = (times, retryAfterSeconds);

    public async Task<Call> WaitForAsync(Func<Call, bool> match, int skip = 0, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Calls.Skip(skip).FirstOrDefault(match);
            if (found is not null) return found;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException("no matching Slack call; seen: " + string.Join(", ", Calls.Skip(skip).Select(c => c.Method + (c.Method == "chat.postMessage" ? " (" + c.Args["text"] + ")" : ""))) + "; violations: " + string.Join(" / ", Violations));
            await _signal.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    private async Task<IResult> HandleAsync(HttpContext context, string method)
    {
        var contentType = context.Request.ContentType ?? "";
        var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync();
        var args = ParseArgs(method, contentType, body, out var problem);
        if (_rateLimits.TryGetValue(method, out var limit) && limit.Times > 0)
        {
            _rateLimits[method] = (limit.Times - 1, limit.RetryAfter);
            Interlocked.Increment(ref _rateLimited);
            context.Response.Headers.RetryAfter = limit.RetryAfter.ToString(CultureInfo.InvariantCulture);
            return Results.Json(new { ok = false, error = "ratelimited" }, statusCode: 429);
        }
        var auth = context.Request.Headers.Authorization.ToString();
        problem ??= auth == "Bearer " + Token ? null : auth.Length == 0 ? "not_authed" : "invalid_auth";
        problem ??= SlackApiShapes.Check(method, args);
        var reply = problem is null ? Answer(method, args) : Error(problem);
        if (problem is not null) Violations.Enqueue($"{method}: {problem}");
        ChatSeeds.Record(args);
        Interlocked.Increment(ref _callCount);
        if (Recording) _calls.Enqueue(new Call(method, contentType, args, reply));
        _signal.Release();
        return Results.Text(reply.ToJsonString(), "application/json");
    }

    /// <summary>JSON for methods that take it; form fields otherwise (JSON-valued fields parsed), as Slack does.</summary>
    private static JsonObject ParseArgs(string method, string contentType, string body, out string? problem)
    {
        problem = null;
        if (contentType.StartsWith("application/json", StringComparison.Ordinal))
        {
            if (!SlackApiShapes.AcceptsJson(method)) problem = "invalid_arguments (this method does not take JSON)";
            try { return JsonNode.Parse(body) as JsonObject ?? []; }
            catch (JsonException) { problem = "invalid_json"; return []; }
        }
        if (!contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            problem = "invalid_form_data (content type " + contentType + ")";
            return [];
        }
        var args = new JsonObject();
        foreach (var (key, value) in QueryHelpers.ParseQuery(body))
        {
            var text = value.ToString();
            args[key] = SlackApiShapes.IsJsonField(key) && text.Length > 0 && text[0] is '[' or '{' ? JsonNode.Parse(text) : text;
        }
        return args;
    }

    private JsonObject Answer(string method, JsonObject a)
    {
        string S(string key) => a[key]!.ToString();
        switch (method)
        {
            case "chat.postMessage":
            {
                if (PostErrors.TryGetValue(S("channel"), out var postError)) return Error(postError);
                var ts = $"1700000000.{Interlocked.Increment(ref _next):D6}";
                if (Recording) Messages[S("channel") + "/" + ts] = a;
                return Ok(new JsonObject { ["channel"] = S("channel"), ["ts"] = ts, ["message"] = a.DeepClone() });
            }
            case "chat.update":
                if (!Messages.ContainsKey(S("channel") + "/" + S("ts"))) return Error("message_not_found");
                Messages[S("channel") + "/" + S("ts")] = a;
                return Ok(new JsonObject { ["channel"] = S("channel"), ["ts"] = S("ts") });
            case "chat.delete":
                return Messages.TryRemove(S("channel") + "/" + S("ts"), out _) ? Ok([]) : Error("message_not_found");
            case "conversations.open":
                if (OpenErrors.TryGetValue(S("users"), out var openError)) return Error(openError);
                return Ok(new JsonObject { ["channel"] = new JsonObject { ["id"] = "D" + S("users").ToUpperInvariant() } });
            case "users.info":
                return Users.TryGetValue(S("user"), out var u) ? Ok(new JsonObject { ["user"] = UserJson(S("user"), u) }) : Error("user_not_found");
            case "users.lookupByEmail":
                var match = Users.FirstOrDefault(p => string.Equals(p.Value.Email, S("email"), StringComparison.OrdinalIgnoreCase));
                return match.Key is null ? Error("users_not_found") : Ok(new JsonObject { ["user"] = UserJson(match.Key, match.Value) });
            case "conversations.members":
                return ChannelMembers.TryGetValue(S("channel"), out var members)
                    ? Ok(new JsonObject { ["members"] = new JsonArray(members.Select(m => (JsonNode)m).ToArray()), ["response_metadata"] = new JsonObject { ["next_cursor"] = "" } })
                    : Error("channel_not_found");
            case "views.open":
                return Ok(new JsonObject { ["view"] = a["view"]!.DeepClone() });
            case "files.getUploadURLExternal":
            {
                var id = $"F{Interlocked.Increment(ref _next):D8}";
                Files[id] = new SlackFile(id, S("filename"), int.Parse(S("length"), CultureInfo.InvariantCulture), null, null, false);
                return Ok(new JsonObject { ["file_id"] = id, ["upload_url"] = BaseUrl.Replace("/api/", "/upload/", StringComparison.Ordinal) + id });
            }
            case "files.completeUploadExternal":
            {
                var shared = new JsonArray();
                foreach (var f in a["files"]!.AsArray())
                {
                    var id = f!["id"]!.ToString();
                    if (!Files.TryGetValue(id, out var file) || file.Bytes is null) return Error("file_not_found");
                    Files[id] = file with { Channel = a["channel_id"]?.ToString() };
                    shared.Add(new JsonObject { ["id"] = id, ["title"] = f["title"]?.DeepClone(), ["permalink"] = $"https://example.slack.com/files/{id}" });
                }
                return Ok(new JsonObject { ["files"] = shared });
            }
            case "files.delete":
                if (!Files.TryGetValue(S("file"), out var gone) || gone.Deleted) return Error("file_not_found");
                Files[S("file")] = gone with { Deleted = true, Bytes = null };
                return Ok([]);
            default:
                return Error("unknown_method");
        }
    }

    private async Task<IResult> UploadAsync(HttpContext context, string fileId)
    {
        if (!Files.TryGetValue(fileId, out var file) || file.Bytes is not null) return Results.NotFound();
        if (context.Request.Headers.Authorization.Count > 0) Violations.Enqueue("upload: the bot token was sent to the upload URL");
        byte[] bytes;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync();
            if (form.Files.GetFile("filename") is not { } part) return Results.BadRequest();
            using var buffer = new MemoryStream();
            await part.CopyToAsync(buffer);
            bytes = buffer.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            bytes = buffer.ToArray();
        }
        if (bytes.Length != file.Length) Violations.Enqueue($"upload: {bytes.Length} bytes sent, {file.Length} announced");
        Files[fileId] = file with { Bytes = bytes };
        _calls.Enqueue(new Call("upload", context.Request.ContentType ?? "", new JsonObject { ["file"] = fileId }, Ok([])));
        _signal.Release();
        return Results.Text("OK - " + bytes.Length);
    }

    private IResult DownloadAsync(HttpContext context, string fileId) =>
        context.Request.Headers.Authorization.ToString() != "Bearer " + Token ? Results.Unauthorized()
        : Files.TryGetValue(fileId, out var f) && f.Bytes is { } b ? Results.Bytes(b, "text/csv") : Results.NotFound();

    private static JsonObject UserJson(string id, User u)
    {
        var user = new JsonObject
        {
            ["id"] = id, ["team_id"] = u.TeamId, ["name"] = u.Name.ToLowerInvariant().Replace(' ', '.'), ["real_name"] = u.Name,
            ["is_bot"] = u.IsBot, ["deleted"] = false,
            ["profile"] = new JsonObject { ["email"] = u.Email, ["real_name"] = u.Name, ["display_name"] = u.Name },
        };
        if (u.Tz is { } tz)
        {
            user["tz"] = tz;
            user["tz_offset"] = (int)TimeZoneInfo.FindSystemTimeZoneById(tz).GetUtcOffset(DateTimeOffset.UtcNow).TotalSeconds;
        }
        return user;
    }

    private static JsonObject Ok(JsonObject fields)
    {
        fields["ok"] = true;
        return fields;
    }

    private static JsonObject Error(string error) => new() { ["ok"] = false, ["error"] = error };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _signal.Dispose();
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MfaBot.Channels.Slack.Auth;
using MfaBot.LeakScan.Recording;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Slack;

/// <summary>
/// A running bot with the Slack channel pointed at a <see cref="FakeSlackApi"/>, and a Slack workspace that
/// delivers to it the way Slack does: signed events (JSON), interactions (form field payload=) and slash commands (form).
/// </summary>
public sealed class SlackHarness : IAsyncDisposable
{
    public const string SigningSecret = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string Team = "T0TEAM";
    public const string Alex = "U0ALEX";
    public const string AlexEmail = "alexw@example.com";
    public const string BotUser = "U0MFABOT";

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _next;

    public string Folder { get; } = Directory.CreateTempSubdirectory("mfabot-slack-").FullName;
    public string DataFolder => Path.Combine(Folder, "data");
    public ManualClock Clock { get; private set; } = new();
    public RecordingLoggerProvider Logs { get; } = new();
    public FakeSlackApi Slack { get; private set; } = null!;
    public BotServer Bot { get; private set; } = null!;

    public static string DirectChannel(string user) => "D" + user;

    public static Task<SlackHarness> StartAsync(bool slackEnabled = true, IDictionary<string, string?>? extra = null) =>
        StartAsync(async (h, settings) =>
        {
            if (!slackEnabled) settings.Clear(); // the channel is off without its secrets
            foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
            return (await BotServer.StartAsync(h.DataFolder, h.Clock, settings, h.Logs), h.Clock);
        });

    /// <summary>
    /// The workspace for a bot that <paramref name="startBot"/> starts with the Slack settings it is given (it may add
    /// its own): it returns the bot and the clock the bot runs on, which signs the requests.
    /// </summary>
    public static async Task<SlackHarness> StartAsync(Func<SlackHarness, Dictionary<string, string?>, Task<(BotServer Bot, ManualClock Clock)>> startBot)
    {
        var h = new SlackHarness { Slack = await FakeSlackApi.StartAsync() };
        h.Slack.Users[Alex] = new FakeSlackApi.User(AlexEmail, "Alex Wilber", Team);
        h.Slack.Users["U0MEGAN"] = new FakeSlackApi.User("meganb@example.com", "Megan Bowen", Team);
        h.Slack.Users["U0NOBODY"] = new FakeSlackApi.User("nobody@example.com", "No Body", Team);
        var settings = new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = SigningSecret, ["Slack:BotToken"] = FakeSlackApi.Token, ["Slack:ApiBaseUrl"] = h.Slack.BaseUrl,
        };
        (h.Bot, h.Clock) = await startBot(h, settings);
        return h;
    }

    public string NextId(string prefix) => $"{prefix}{Interlocked.Increment(ref _next):D6}";

    /// <summary>POSTs as Slack does: X-Slack-Request-Timestamp and a v0 signature over the exact body.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, string body, string contentType, DateTimeOffset? at = null, string? signature = null, int? retryNum = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Bot.BaseUrl + path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new(contentType);
        Sign(request, Encoding.UTF8.GetBytes(body), at, signature);
        if (retryNum is not null)
        {
            request.Headers.Add(RetryNumHeader, retryNum.Value.ToString(CultureInfo.InvariantCulture));
            request.Headers.Add(RetryReasonHeader, "http_timeout");
        }
        return await _http.SendAsync(request);
    }

    public const string RetryNumHeader = "X-Slack-Retry-Num";
    public const string RetryReasonHeader = "X-Slack-Retry-Reason";

    /// <summary>Slack's headers: the request's timestamp (now by the bot's clock) and the signature, by default the right one for <paramref name="body"/>.</summary>
    public void Sign(HttpRequestMessage request, byte[] body, DateTimeOffset? at = null, string? signature = null)
    {
        var timestamp = (at ?? Clock.GetUtcNow()).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        request.Headers.Add(SlackSignature.TimestampHeader, timestamp);
        request.Headers.Add(SlackSignature.SignatureHeader, signature ?? SlackSignature.Compute(Encoding.UTF8.GetBytes(SigningSecret), timestamp, body));
    }

    public JsonObject EventEnvelope(JsonObject e, string? eventId = null) => new()
    {
        ["token"] = "legacy-verification-token",
        ["team_id"] = Team,
        ["api_app_id"] = "A0MFABOT",
        ["event"] = e,
        ["type"] = "event_callback",
        ["event_id"] = eventId ?? NextId("Ev"),
        ["event_time"] = Clock.GetUtcNow().ToUnixTimeSeconds(),
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = Team, ["user_id"] = BotUser, ["is_bot"] = true }),
    };

    public Task<HttpResponseMessage> SendEventAsync(JsonObject envelope, int? retryNum = null) =>
        PostAsync("/api/slack/events", envelope.ToJsonString(), "application/json", retryNum: retryNum);

    public static JsonObject DirectMessage(string user, string text) => new()
    {
        ["type"] = "message",
        ["channel"] = DirectChannel(user),
        ["channel_type"] = "im",
        ["user"] = user,
        ["text"] = text,
        ["ts"] = "1700000001.000100",
    };

    public Task<HttpResponseMessage> SayAsync(string text, string user = Alex) => SendEventAsync(EventEnvelope(DirectMessage(user, text)));

    public Task<HttpResponseMessage> CommandAsync(string text, string channelId, string user = Alex) =>
        PostAsync("/api/slack/commands", Form(Command(text, channelId, user)), "application/x-www-form-urlencoded");

    /// <summary>The fields of a /mfa slash command as Slack sends them.</summary>
    public JsonObject Command(string text, string channelId, string user = Alex) => new()
    {
        ["token"] = "legacy-verification-token", ["team_id"] = Team, ["team_domain"] = "example", ["channel_id"] = channelId,
        ["channel_name"] = channelId.StartsWith('D') ? "directmessage" : "general", ["user_id"] = user, ["user_name"] = "alex",
        ["command"] = "/mfa", ["text"] = text, ["api_app_id"] = "A0MFABOT", ["response_url"] = "https://hooks.slack.com/commands/T0TEAM/1/x",
        ["trigger_id"] = NextId("trig."),
    };

    public Task<HttpResponseMessage> InteractAsync(JsonObject payload) =>
        PostAsync("/api/slack/interactions", Form(new JsonObject { ["payload"] = payload.ToJsonString() }), "application/x-www-form-urlencoded");

    /// <summary>A click on a button of a bot message, as a block_actions payload.</summary>
    public JsonObject Click(string channel, string messageTs, string actionId, string value, string user = Alex) => new()
    {
        ["type"] = "block_actions",
        ["user"] = UserJson(user),
        ["api_app_id"] = "A0MFABOT",
        ["team"] = new JsonObject { ["id"] = Team, ["domain"] = "example" },
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = messageTs, ["channel_id"] = channel, ["is_ephemeral"] = false },
        ["trigger_id"] = NextId("trig."),
        ["channel"] = new JsonObject { ["id"] = channel, ["name"] = "directmessage" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = messageTs, ["bot_id"] = "B0MFABOT" },
        ["response_url"] = "https://hooks.slack.com/actions/T0TEAM/1/x",
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = actionId, ["block_id"] = "b1", ["value"] = value, ["type"] = "button",
            ["action_ts"] = Clock.GetUtcNow().ToUnixTimeSeconds() + ".000200",
        }),
    };

    /// <summary>The modal the bot opened, submitted with the two codes typed into its inputs.</summary>
    public JsonObject Submit(JsonObject openedView, string code1, string code2, string user = Alex) =>
        Submit(openedView, new Dictionary<string, string> { ["code1"] = code1, ["code2"] = code2 }, user);

    /// <summary>The modal the bot opened, submitted with text typed into its inputs (block_id = action_id = the key); codes typed go to the run ledger.</summary>
    public JsonObject Submit(JsonObject openedView, IReadOnlyDictionary<string, string> typed, string user = Alex)
    {
        RunLedger.Codes([.. typed.Values]);
        var view = (JsonObject)openedView.DeepClone();
        view["id"] = NextId("V");
        view["hash"] = NextId("h.");
        var values = new JsonObject();
        foreach (var (id, text) in typed) values[id] = new JsonObject { [id] = new JsonObject { ["type"] = "plain_text_input", ["value"] = text } };
        view["state"] = new JsonObject { ["values"] = values };
        return new JsonObject
        {
            ["type"] = "view_submission",
            ["team"] = new JsonObject { ["id"] = Team, ["domain"] = "example" },
            ["user"] = UserJson(user),
            ["api_app_id"] = "A0MFABOT",
            ["trigger_id"] = NextId("trig."),
            ["view"] = view,
        };
    }

    /// <summary>The user object of an interaction payload: the id and the person's Slack handle.</summary>
    private JsonObject UserJson(string user)
    {
        var handle = Slack.Users.TryGetValue(user, out var u) ? u.Name.ToLowerInvariant().Replace(' ', '.') : user.ToLowerInvariant();
        return new JsonObject { ["id"] = user, ["username"] = handle, ["name"] = handle, ["team_id"] = Team };
    }

    /// <summary>Says "enroll" in the DM; returns the QR card's message, the uploaded QR file and the secret a phone reads from it.</summary>
    public async Task<(FakeSlackApi.Call Card, string FileId, byte[] Key)> StartEnrollmentAsync(string user = Alex)
    {
        var skip = Slack.Calls.Count;
        Ok(await SayAsync("enroll", user));
        var card = await Slack.WaitForAsync(c => c.Method == "chat.postMessage" && HasAction(c, "enroll.codes"), skip);
        var upload = Slack.Calls.Skip(skip).Last(c => c.Method == "files.completeUploadExternal");
        var fileId = upload.Args["files"]![0]!["id"]!.ToString();
        var uri = await QrDecoder.FromPngAsync(Slack.Files[fileId].Bytes!, Folder);
        return (card, fileId, uri.SecretBytes());
    }

    public (string First, string Second) CodesNow(byte[] key) => AuthenticatorCodes.At(key, Clock.GetUtcNow());

    /// <summary>Clicks "Enter codes", waits for the modal, submits it, and waits for <paramref name="until"/>.</summary>
    public async Task<FakeSlackApi.Call> SubmitCodesAsync(FakeSlackApi.Call card, string code1, string code2, Func<FakeSlackApi.Call, bool> until, string user = Alex)
    {
        var skip = Slack.Calls.Count;
        var channel = card.Reply["channel"]!.ToString();
        var ts = card.Reply["ts"]!.ToString();
        var button = ActionsOf(card).Single(a => a["action_id"]!.ToString() == "enroll.codes");
        Ok(await InteractAsync(Click(channel, ts, "enroll.codes", button["value"]!.ToString(), user)));
        var opened = await Slack.WaitForAsync(c => c.Method == "views.open", skip);
        skip = Slack.Calls.Count;
        Ok(await InteractAsync(Submit(opened.Args["view"]!.AsObject(), code1, code2, user)));
        return await Slack.WaitForAsync(until, skip);
    }

    /// <summary>An update of <paramref name="card"/> whose content contains <paramref name="containing"/>.</summary>
    public static Func<FakeSlackApi.Call, bool> CardUpdate(FakeSlackApi.Call card, string containing) => c =>
        c.Method == "chat.update" && c.Args["ts"]?.ToString() == card.Reply["ts"]!.ToString() && c.Args.ToJsonString().Contains(containing, StringComparison.Ordinal);

    public static IEnumerable<JsonObject> ActionsOf(FakeSlackApi.Call call) =>
        (call.Args["blocks"] as JsonArray ?? []).OfType<JsonObject>().Where(b => b["type"]?.ToString() == "actions")
            .SelectMany(b => b["elements"]!.AsArray().OfType<JsonObject>());

    public static bool HasAction(FakeSlackApi.Call call, string actionId) => ActionsOf(call).Any(a => a["action_id"]?.ToString() == actionId);

    /// <summary>Every string in the call's arguments, one per line: what a person could read in the message.</summary>
    public static string AllText(FakeSlackApi.Call call) => AllText(call.Args);

    /// <summary>Every string in a message's JSON, one per line.</summary>
    public static string AllText(JsonNode? message) => string.Join('\n', Strings(message));

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => [v.GetValue<string>()],
        _ => [],
    };

    public static string TextOf(FakeSlackApi.Call call) => call.Args["text"]?.ToString() ?? "";

    public static HttpResponseMessage Ok(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"the bot answered {(int)response.StatusCode}");
        return response;
    }

    /// <summary>Form-encodes fields as Slack does; an array is its field repeated, null a bare name, any other non-string its JSON.</summary>
    public static string Form(JsonObject fields)
    {
        static string Escape(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);
        static string Value(JsonNode v) => v is JsonValue s && s.GetValueKind() == System.Text.Json.JsonValueKind.String ? s.GetValue<string>() : v.ToJsonString();
        return string.Join('&', fields.SelectMany(f => f.Value is JsonArray many ? many.Select(v => (f.Key, Value: v)) : [(f.Key, f.Value)])
            .Select(f => Escape(f.Key) + (f.Value is null ? "" : "=" + Escape(Value(f.Value)))));
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
        _http.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { }
    }
}

using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Channels.Slack.Auth;
using MfaBot.Tests.Slack;

namespace MfaBot.Tests.Reliability;

/// <summary>How an endpoint's body carries a JSON document: as the body, or as a form field.</summary>
public sealed record BodyEncoding(string ContentType, Func<JsonObject, string> Encode, Func<string, string> CarryJson)
{
    private const string Form = "application/x-www-form-urlencoded";

    public static BodyEncoding Json { get; } = new("application/json", j => j.ToJsonString(), text => text);

    /// <summary>Slack interactions: the JSON is the form field payload=.</summary>
    public static BodyEncoding FormPayload { get; } = new(Form, j => InField("payload", j.ToJsonString()), text => InField("payload", text));

    /// <summary>Slack slash commands: the document's fields are the form's; JSON text can only travel as a field's value.</summary>
    public static BodyEncoding FormFields { get; } = new(Form, SlackHarness.Form, text => InField("text", text));

    private static string InField(string name, string text) => SlackHarness.Form(new JsonObject { [name] = text });
}

/// <summary>
/// One inbound endpoint the hostile-payload run covers: well-formed samples to break (each made fresh, with new ids),
/// the names that matter to it beyond the samples' own, literal bodies it finds odd, its body encoding, and how a
/// request to it is signed (null: it takes unsigned requests).
/// </summary>
public sealed record HostileEndpoint(
    string Path, IReadOnlyList<Func<JsonObject>> Samples, IReadOnlyList<string> ExtraPaths, IReadOnlyList<string> Oddities, BodyEncoding Encoding,
    Action<HttpRequestMessage, HostilePayload>? Sign = null)
{
    public HttpRequestMessage Request(string baseUrl, HostilePayload payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + Path) { Content = new ByteArrayContent(payload.Body) };
        if (payload.ContentType is not null) request.Content.Headers.TryAddWithoutValidation("Content-Type", payload.ContentType);
        if (payload.RetryNum is not null)
        {
            request.Headers.TryAddWithoutValidation(SlackHarness.RetryNumHeader, payload.RetryNum);
            request.Headers.TryAddWithoutValidation(SlackHarness.RetryReasonHeader, "http_timeout");
        }
        Sign?.Invoke(request, payload);
        return request;
    }

    public static HostileEndpoint BotFramework(string serviceUrl) => new("/api/messages", [() => new JsonObject
    {
        ["type"] = "message",
        ["id"] = Guid.NewGuid().ToString(),
        ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:load-00001", ["name"] = "Fuzz", ["aadObjectId"] = "aad-fuzz" },
        ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "Bot" },
        ["conversation"] = new JsonObject { ["id"] = "personal-fuzz", ["conversationType"] = "personal", ["tenantId"] = "t" },
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = "t" } },
        ["text"] = "enroll",
        ["replyToId"] = "act-1",
        ["value"] = new JsonObject { ["step"] = "enroll.codes", ["code1"] = "123456", ["code2"] = "654321" },
    }], ["attachments", "entities", "name", "action", "membersAdded", "locale"],
    [
        "{\"type\":\"message\"}", "{\"type\":\"message\",\"text\":\"\\ud800\"}", "{\"type\":\"\\u0000\"}", "{\"type\":\"message\",\"type\":\"invoke\"}",
        "{\"type\":\"message\",\"conversation\":{\"id\":\"x\"},\"serviceUrl\":\"http://127.0.0.1:1\",\"from\":{\"id\":\"y\"},\"text\":\"enroll\"}",
    ], BodyEncoding.Json);

    /// <summary>
    /// Slack's three request URLs, with samples from people the workspace does not know (a few dozen, so their turns
    /// run in parallel lanes), signed by <paramref name="h"/> as the payload's <see cref="Signing"/> says.
    /// </summary>
    public static IReadOnlyList<HostileEndpoint> Slack(SlackHarness h)
    {
        static string Someone() => "U0FUZZ" + Random.Shared.Next(32).ToString("D2", CultureInfo.InvariantCulture);
        var sign = (HttpRequestMessage request, HostilePayload p) => SignAs(h, request, p);
        return
        [
            new("/api/slack/events",
            [
                () => h.EventEnvelope(SlackHarness.DirectMessage(Someone(), "enroll")),
                () => h.EventEnvelope(new JsonObject { ["type"] = "app_mention", ["user"] = Someone(), ["channel"] = "C0GENERAL", ["text"] = "<@U0MFABOT> status", ["ts"] = "1700000001.000200" }),
                () => h.EventEnvelope(new JsonObject { ["type"] = "app_home_opened", ["user"] = Someone(), ["channel"] = "D0FUZZ", ["tab"] = "messages" }),
                () => new JsonObject { ["token"] = "t", ["challenge"] = "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", ["type"] = "url_verification" },
            ], ["event.subtype", "event.bot_id", "event.files", "event.team", "challenge"],
            [
                "{\"type\":\"url_verification\"}", "{\"type\":\"url_verification\",\"challenge\":null}", "{\"type\":\"url_verification\",\"challenge\":{\"a\":[1]}}",
                "{\"type\":[\"url_verification\"],\"challenge\":\"c\"}", "{\"type\":\"url_verification\",\"type\":\"event_callback\",\"challenge\":\"c\"}",
                "{\"type\":\"URL_VERIFICATION\",\"challenge\":\"c\"}", "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":\"message\"}",
                "{\"type\":\"event_callback\",\"event_id\":\"Ev1\",\"event\":{\"type\":\"message\",\"channel_type\":\"im\",\"user\":\"U1\",\"channel\":\"D1\",\"files\":[{\"url_private_download\":\"file:///etc/passwd\"}]}}",
            ], BodyEncoding.Json, sign),
            new("/api/slack/interactions",
            [
                () => h.Click("D" + Someone(), "1700000001.000100", "enroll.start", "enroll.start", Someone()),
                () => h.Click("D" + Someone(), "1700000001.000100", "enroll.codes", "modal:enroll-codes", Someone()),
                () => h.Submit(new JsonObject
                {
                    ["type"] = "modal", ["callback_id"] = "enroll.codes",
                    ["private_metadata"] = new JsonObject { ["channel"] = "D" + Someone(), ["ts"] = "1700000001.000100" }.ToJsonString(),
                }, "123456", "654321", Someone()),
            ], ["state", "message.blocks"],
            ["payload=", "payload", "payload=%7B", "payload=%ZZ", "payload=%7B%7D&payload=%7B%7D", "payload={\"type\":\"block_actions\"}", "=&=&&", "%", "payload=%C3%28"],
            BodyEncoding.FormPayload, sign),
            new("/api/slack/commands",
            [
                () => h.Command("enroll", "D0FUZZ", Someone()),
                () => h.Command("status <@U0MEGAN>", "C0GENERAL", Someone()),
            ], ["channel_name", "enterprise_id", "is_enterprise_install"],
            ["user_id=U1", "user_id=U1&trigger_id=t&channel_id=D1&user_id=U2", "user_id=%ZZ&trigger_id=%&channel_id=%C3%28", "text=%00%00&user_id=U1&trigger_id=t&channel_id=D1"],
            BodyEncoding.FormFields, sign),
        ];
    }

    private static void SignAs(SlackHarness h, HttpRequestMessage request, HostilePayload p)
    {
        var now = h.Clock.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        switch (p.Signing)
        {
            case Signing.Missing:
                return;
            case Signing.Stale or Signing.Future:
                h.Sign(request, p.Body, now.AddMinutes(p.Signing == Signing.Stale ? -6 : 6));
                return;
            case Signing.WrongSecret or Signing.OtherBody:
                var secret = p.Signing == Signing.WrongSecret ? "not-the-signing-secret"u8 : System.Text.Encoding.UTF8.GetBytes(SlackHarness.SigningSecret);
                h.Sign(request, p.Body, now, SlackSignature.Compute(secret, timestamp, p.Signing == Signing.OtherBody ? [.. p.Body, (byte)' '] : p.Body));
                return;
            default:
                h.Sign(request, p.Body);
                if (p.Signing == Signing.NoTimestamp) request.Headers.Remove(SlackSignature.TimestampHeader);
                if (p.Signing == Signing.NoSignature) request.Headers.Remove(SlackSignature.SignatureHeader);
                return;
        }
    }
}

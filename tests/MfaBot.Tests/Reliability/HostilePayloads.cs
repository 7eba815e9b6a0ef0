using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace MfaBot.Tests.Reliability;

/// <summary>One generated request body for an endpoint, with what was done to it (for the failure message).</summary>
public sealed record HostilePayload(string Kind, byte[] Body)
{
    public override string ToString() => $"{Kind}: {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)])}";
}

/// <summary>
/// FsCheck generators of hostile inbound payloads: malformed JSON, huge fields, wrong types, tricky Unicode, missing ids,
/// built by breaking a well-formed payload of the endpoint. An endpoint is one entry of <see cref="Endpoints"/>; the Slack
/// endpoints (/api/slack/events, /api/slack/interactions) get theirs when that channel lands, with a well-formed sample
/// and their signing added by the sender.
/// </summary>
public static class HostilePayloads
{
    public static IReadOnlyList<(string Path, Func<string, JsonObject> WellFormed)> Endpoints { get; } =
    [
        ("/api/messages", BotFrameworkActivity),
    ];

    private static JsonObject BotFrameworkActivity(string serviceUrl) => new()
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
    };

    private static readonly string[] Paths =
    [
        "type", "id", "text", "serviceUrl", "channelId", "from", "from.id", "from.aadObjectId", "recipient", "conversation", "conversation.id",
        "conversation.conversationType", "channelData", "channelData.tenant.id", "value", "value.step", "value.code1", "value.code2", "replyToId",
        "attachments", "entities", "timestamp", "name", "action", "membersAdded", "locale",
    ];

    private static readonly string[] Tricky =
    [
        "", " ", "\0", "\uFEFF", "\u202Eenroll", "enroll\u200B", "ENROLL", "e\u0301nroll", "🙂🙂", "enroll 🙂", "\r\n\t", "null", "0", "-1",
        "<script>alert(1)</script>", "'; DROP TABLE state;--", "../../../etc/passwd", "%00%0a", "${jndi:ldap://x/a}", "enroll.codes", "cancel",
        "status", "help", "http://127.0.0.1:1/", "file:///etc/passwd", "not a url", "ftp://x", "123456", "12345", "1234567", "12 34 56",
    ];

    private static Gen<JsonNode?> WrongValue(string serviceUrl) => Gen.OneOf(
        Gen.Elements<JsonNode?>(null, 0, -1, 1e308, true, false, long.MaxValue),
        Gen.Elements(Tricky).Select(s => (JsonNode?)s),
        Gen.Constant<JsonNode?>(serviceUrl).Select(_ => (JsonNode?)new JsonArray(1, "a", null)),
        Gen.Constant(0).Select(_ => (JsonNode?)new JsonObject { ["id"] = new JsonArray(), ["x"] = 1 }),
        RandomText.Select(s => (JsonNode?)s),
        Gen.Elements(1_000, 100_000, 250_000).Select(n => (JsonNode?)new string('A', n)));

    private static Gen<string> RandomText =>
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars));

    /// <summary>Well-formed, then 1–4 mutations (set a wrong value, remove) and, sometimes, broken serialization.</summary>
    public static Gen<HostilePayload> For(Func<string, JsonObject> wellFormed, string serviceUrl)
    {
        var mutation = Gen.Zip(Gen.Elements(Paths), Gen.Frequency((3, WrongValue(serviceUrl).Select(v => (Remove: false, Value: v))), (1, Gen.Constant((Remove: true, Value: (JsonNode?)null)))));
        var mutated = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(mutation, n)).Select(ms =>
        {
            var activity = wellFormed(serviceUrl);
            foreach (var (path, (remove, value)) in ms) Apply(activity, path, remove, value?.DeepClone());
            return (Kind: "mutated " + string.Join(",", ms.Select(m => m.Item1)), Json: activity.ToJsonString());
        });
        return Gen.Frequency(
            (6, mutated.Select(m => new HostilePayload(m.Kind, Encoding.UTF8.GetBytes(m.Json)))),
            (2, Gen.Zip(mutated, Gen.Choose(0, 100)).Select(t => new HostilePayload("truncated", Encoding.UTF8.GetBytes(t.Item1.Json[..(t.Item1.Json.Length * t.Item2 / 100)])))),
            (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(bytes => new HostilePayload("random bytes", bytes))),
            (1, Gen.Elements("", "null", "[]", "1", "\"x\"", "{}", "{\"type\":\"message\"}", "{\"type\":\"message\",\"text\":\"\\ud800\"}", "{\"type\":\"\\u0000\"}", "\uFEFF{}",
                "{\"type\":\"message\",\"type\":\"invoke\"}", "{\"type\":\"message\",\"conversation\":{\"id\":\"x\"},\"serviceUrl\":\"http://127.0.0.1:1\",\"from\":{\"id\":\"y\"},\"text\":\"enroll\"}")
                .Select(s => new HostilePayload("fixed", Encoding.UTF8.GetBytes(s)))),
            (1, Gen.Elements(64, 2_000, 100_000).Select(depth => new HostilePayload($"nested {depth}",
                Encoding.UTF8.GetBytes("{\"type\":\"message\",\"value\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}")))),
            (1, Gen.Constant(0).Select(_ => new HostilePayload("invalid UTF-8", [.. "{\"type\":\"message\",\"text\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8]))));
    }

    private static void Apply(JsonObject root, string path, bool remove, JsonNode? value)
    {
        var parts = path.Split('.');
        var node = root;
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child) return;
            node = child;
        }
        if (remove) node.Remove(parts[^1]);
        else node[parts[^1]] = value;
    }

    public static HostilePayload[] Sample(Gen<HostilePayload> gen, int count) => [.. Gen.Sample(gen, count, 30)];
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace MfaBot.Tests.Reliability;

/// <summary>How a request to a signed endpoint is signed: rightly, or in one of the ways a forged or replayed one is wrong.</summary>
public enum Signing { Valid, Missing, NoTimestamp, NoSignature, WrongSecret, OtherBody, Stale, Future }

/// <summary>One generated request for an endpoint, with what was done to it (for the failure message).</summary>
public sealed record HostilePayload(string Kind, byte[] Body)
{
    public string? ContentType { get; init; }
    public Signing Signing { get; init; }
    public string? RetryNum { get; init; }

    public override string ToString() =>
        $"{Kind} ({Signing}, {ContentType ?? "no content type"}, retry {RetryNum ?? "none"}): {Encoding.UTF8.GetString(Body[..Math.Min(Body.Length, 300)])}";
}

/// <summary>
/// FsCheck generators of hostile inbound requests for a <see cref="HostileEndpoint"/>: its well-formed samples broken
/// (wrong values and types, huge fields, tricky Unicode, missing ids), broken encodings (truncated, spliced with stray
/// syntax, random bytes, deep nesting, invalid UTF-8, the endpoint's own oddities), odd content types and retry
/// headers, and for a signed endpoint some requests signed wrongly.
/// </summary>
public static class HostilePayloads
{
    private static readonly string[] Tricky =
    [
        "", " ", "\0", "\uFEFF", "\u202Eenroll", "enroll\u200B", "ENROLL", "e\u0301nroll", "🙂🙂", "enroll 🙂", "\r\n\t", "null", "0", "-1",
        "<script>alert(1)</script>", "'; DROP TABLE state;--", "../../../etc/passwd", "%00%0a", "${jndi:ldap://x/a}", "enroll.codes", "cancel",
        "status", "help", "http://127.0.0.1:1/", "file:///etc/passwd", "not a url", "ftp://x", "123456", "12345", "1234567", "12 34 56",
        "U0MFABOT", "D0FUZZ", "C0GENERAL", "<@U0MEGAN>", "<@U0MEGAN|megan> reset", "<mailto:a@b.c|a@b.c>", "&lt;&amp;", "*bold* _it_",
        "modal:enroll-codes", "modal:nope", "modal:../x", "modal:enroll-codes?a=%ZZ&a=1", "enroll.start?x=1", "message", "im", "block_actions",
        "view_submission", "url_verification", "{\"channel\":\"D1\",\"ts\":\"1\",\"inputs\":{\"a\":1}}", "{\"channel\":[1]}", "{", "1700000001.000100",
    ];

    /// <summary>Stray syntax of both encodings, spliced anywhere into a body.</summary>
    private static readonly string[] Splinters =
        ["%", "%zz", "%C3%28", "%00", "&", "=", "&payload=", "+", "\"", "{", "}", "[", "]", ",", ":", "\\", "\\u", "\\ud800", "\0", "\uFEFF", "\r\n"];

    private static readonly string[] Fixed = ["", "null", "[]", "1", "\"x\"", "{}", "\uFEFF{}"];

    private static readonly string?[] OddContentTypes =
    [
        null, "text/plain", "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=zz", "application/json; charset=latin1",
        "application/x-www-form-urlencoded; charset=utf-16", "*/*", ";;", "x",
    ];

    private static readonly string[] RetryNums = ["1", "2", "0", "-1", "x", "99999999999999999999", "", "1, 2"];

    private static Gen<JsonNode?> WrongValue => Gen.OneOf(
        Gen.Elements<JsonNode?>(null, 0, -1, 1e308, true, false, long.MaxValue),
        Gen.Elements(Tricky).Select(s => (JsonNode?)s),
        Gen.Constant(0).Select(_ => (JsonNode?)new JsonArray(1, "a", null)),
        Gen.Constant(0).Select(_ => (JsonNode?)new JsonObject { ["id"] = new JsonArray(), ["x"] = 1 }),
        RandomText.Select(s => (JsonNode?)s),
        Gen.Elements(1_000, 100_000, 250_000).Select(n => (JsonNode?)new string('A', n)));

    private static Gen<string> RandomText =>
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars));

    /// <summary>A sample with 1–4 mutations (set a wrong value, remove) and, sometimes, a broken encoding; its headers vary too.</summary>
    public static Gen<HostilePayload> For(HostileEndpoint endpoint)
    {
        var samples = endpoint.Samples.Select(make => (Make: make, Paths: PathsOf(make(), "").Concat(endpoint.ExtraPaths).Distinct().ToArray())).ToArray();
        var change = Gen.Frequency((3, WrongValue.Select(v => (Remove: false, Value: v))), (1, Gen.Constant((Remove: true, Value: (JsonNode?)null))));
        var mutated = Gen.Elements(samples).SelectMany(sample => Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Gen.Zip(Gen.Elements(sample.Paths), change), n)).Select(ms =>
        {
            var document = sample.Make();
            foreach (var (path, (remove, value)) in ms) Apply(document, path, remove, value?.DeepClone());
            return (Kind: "mutated " + string.Join(",", ms.Select(m => m.Item1)), Text: endpoint.Encoding.Encode(document));
        }));
        var carry = endpoint.Encoding.CarryJson;
        var body = Gen.Frequency(
            (6, mutated.Select(m => new HostilePayload(m.Kind, Encoding.UTF8.GetBytes(m.Text)))),
            (2, Gen.Zip(mutated, Gen.Choose(0, 100)).Select(t => new HostilePayload("truncated", Encoding.UTF8.GetBytes(t.Item1.Text[..(t.Item1.Text.Length * t.Item2 / 100)])))),
            (1, Gen.Zip(mutated, Gen.Zip(Gen.Choose(0, 100), Gen.Elements(Splinters))).Select(t =>
                new HostilePayload($"spliced {t.Item2.Item2}", Encoding.UTF8.GetBytes(t.Item1.Text.Insert(t.Item1.Text.Length * t.Item2.Item1 / 100, t.Item2.Item2))))),
            (1, Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(bytes => new HostilePayload("random bytes", bytes))),
            (1, Gen.Elements([.. Fixed, .. endpoint.Oddities]).Select(s => new HostilePayload("fixed", Encoding.UTF8.GetBytes(s)))),
            (1, Gen.Elements(64, 2_000, 100_000).Select(depth => new HostilePayload($"nested {depth}",
                Encoding.UTF8.GetBytes(carry("{\"type\":\"message\",\"value\":" + string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth) + "}"))))),
            (1, Gen.Constant(0).Select(_ => new HostilePayload("invalid UTF-8", InvalidUtf8(carry("{\"type\":\"message\",\"text\":\"\u0001\"}"))))));
        var signing = endpoint.Sign is null ? Gen.Constant(Signing.Valid)
            : Gen.Frequency((6, Gen.Constant(Signing.Valid)), (1, Gen.Elements(Enum.GetValues<Signing>().Where(s => s != Signing.Valid).ToArray())));
        var headers = Gen.Zip(
            Gen.Frequency((10, Gen.Constant<string?>(endpoint.Encoding.ContentType)), (1, Gen.Elements(OddContentTypes))),
            Gen.Frequency((9, Gen.Constant<string?>(null)), (1, Gen.Elements<string?>(RetryNums))));
        return Gen.Zip(body, Gen.Zip(signing, headers)).Select(t =>
            t.Item1 with { Signing = t.Item2.Item1, ContentType = t.Item2.Item2.Item1, RetryNum = t.Item2.Item2.Item2 });
    }

    /// <summary>The text's UTF-8 with its \u0001 (kept as is by every encoding) replaced by bytes that are not UTF-8.</summary>
    private static byte[] InvalidUtf8(string text)
    {
        var at = text.IndexOf('\u0001', StringComparison.Ordinal);
        return at < 0 ? Encoding.UTF8.GetBytes(text) : [.. Encoding.UTF8.GetBytes(text[..at]), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(text[(at + 1)..])];
    }

    /// <summary>Every property and array element of the document, as dotted paths (array elements by index).</summary>
    private static IEnumerable<string> PathsOf(JsonNode? node, string prefix) => node switch
    {
        JsonObject o => o.SelectMany(p => PathsOf(p.Value, prefix + p.Key + ".").Prepend(prefix + p.Key)),
        JsonArray a => a.SelectMany((v, i) => PathsOf(v, prefix + i + ".").Prepend(prefix + i)),
        _ => [],
    };

    private static void Apply(JsonObject root, string path, bool remove, JsonNode? value)
    {
        var parts = path.Split('.');
        JsonNode? node = root;
        foreach (var part in parts[..^1]) node = node is null ? null : Child(node, part);
        switch (node)
        {
            case JsonObject o when remove:
                o.Remove(parts[^1]);
                break;
            case JsonObject o:
                o[parts[^1]] = value;
                break;
            case JsonArray a when Child(a, parts[^1]) is not null:
                if (remove) a.RemoveAt(int.Parse(parts[^1], CultureInfo.InvariantCulture));
                else a[int.Parse(parts[^1], CultureInfo.InvariantCulture)] = value;
                break;
        }
    }

    private static JsonNode? Child(JsonNode node, string part) => node switch
    {
        JsonObject o => o[part],
        JsonArray a when int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count => a[i],
        _ => null,
    };

    public static HostilePayload[] Sample(Gen<HostilePayload> gen, int count) => [.. Gen.Sample(gen, count, 30)];
}

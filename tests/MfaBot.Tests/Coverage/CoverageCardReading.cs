using System.Text.Json.Nodes;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Coverage;

/// <summary>Reads a coverage card as the Bot Connector received it (Teams).</summary>
internal static class CoverageCardReading
{
    public static bool IsCoverageCard(TestConnector.Call c) =>
        TestConnector.CardOf(c)?["fallbackText"]?.GetValue<string>().StartsWith("MFA coverage", StringComparison.Ordinal) == true;

    public static string Title(JsonObject card) => card["body"]![0]!["text"]!.GetValue<string>();

    /// <summary>Every TextBlock's text, in card order.</summary>
    public static List<string> Texts(JsonNode? node)
    {
        var texts = new List<string>();
        Walk(node, texts);
        return texts;
    }

    /// <summary>The rows "**name**: reason", in card order, as (name, reason).</summary>
    public static List<(string Name, string Reason)> Rows(JsonObject card) =>
        [.. Texts(card).Where(t => t.StartsWith("**", StringComparison.Ordinal)).Select(t =>
        {
            var end = t.IndexOf("**: ", 2, StringComparison.Ordinal);
            return (t[2..end], t[(end + 4)..]);
        })];

    public static Dictionary<string, string> Facts(JsonObject card) =>
        Objects(card).Where(o => o["type"]?.ToString() == "FactSet").SelectMany(f => f["facts"]!.AsArray())
            .ToDictionary(f => f!["title"]!.ToString(), f => f!["value"]!.ToString());

    public static JsonObject? Action(JsonObject card, string type) =>
        card["actions"]?.AsArray().OfType<JsonObject>().FirstOrDefault(a => a["type"]!.ToString() == type);

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };

    private static void Walk(JsonNode? node, List<string> texts)
    {
        foreach (var o in Objects(node))
            if (o["type"]?.ToString() == "TextBlock" && o["text"] is JsonValue v) texts.Add(v.ToString());
    }
}

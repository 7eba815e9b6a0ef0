using System.Text.Json;
using System.Text.Json.Nodes;

namespace MfaBot.Channels;

/// <summary>Reading a string from JSON that channels (and their clients) may shape however they like.</summary>
public static class JsonText
{
    /// <returns>The text when <paramref name="node"/> is a JSON string; null for anything else (number, object, absent).</returns>
    public static string? StringOrNull(this JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace MfaBot.Channels.Slack.Rendering;

/// <summary>
/// What a button's value carries back to the bot. Its head is free text, or "modal:&lt;template&gt;" for a button that
/// opens that modal; after a '?' come the card inputs the template put on the button, form-encoded:
/// <c>modal:reset-deny?requestId=0a1b</c>. In a template the inputs are written as the button's own
/// <c>"inputs": {"name": "${path}"}</c> object (not Block Kit; the renderer moves it into the value), the way an
/// Adaptive Card's Action.Submit data carries ids next to its step. Inputs are for ids the bot wrote, not prose.
/// </summary>
public static class SlackButtonValue
{
    public const string ModalPrefix = "modal:";
    public const string InputsProperty = "inputs";

    /// <summary>Slack's limit for a button value.</summary>
    public const int MaxLength = 2000;

    private const char Separator = '?';

    public static string Encode(string head, IReadOnlyDictionary<string, string> inputs)
    {
        if (head.Contains(Separator, StringComparison.Ordinal)) throw new InvalidDataException($"A button value head may not contain '{Separator}': {head}");
        if (inputs.Count == 0) return head;
        var value = head + Separator + string.Join('&', inputs.Select(i => Uri.EscapeDataString(i.Key) + "=" + Uri.EscapeDataString(i.Value)));
        return value.Length <= MaxLength ? value : throw new InvalidDataException($"A button value is over Slack's {MaxLength} characters.");
    }

    /// <summary>The head and the inputs; a name given twice or with no value is left out.</summary>
    public static (string Head, Dictionary<string, string> Inputs) Decode(string value)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        var at = value.IndexOf(Separator, StringComparison.Ordinal);
        if (at < 0) return (value, inputs);
        foreach (var (name, values) in QueryHelpers.ParseQuery(value[at..]))
            if (values.Count == 1 && name.Length > 0) inputs[name] = values[0] ?? "";
        return (value[..at], inputs);
    }

    /// <summary>
    /// Moves every button's "inputs" object into its value. The data bound into the template was escaped for mrkdwn,
    /// which a value does not need: the three entities are decoded so the feature gets back what it put on the card.
    /// </summary>
    public static void EncodeInputs(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array) EncodeInputs(item);
                break;
            case JsonObject obj:
                if (obj[InputsProperty] is JsonObject inputs)
                {
                    var values = inputs.Select(p => (p.Key, Text: p.Value.StringOrNull())).Where(p => p.Text is not null)
                        .ToDictionary(p => p.Key, p => SlackText.Unescape(p.Text!), StringComparer.Ordinal);
                    obj.Remove(InputsProperty);
                    obj["value"] = Encode(obj["value"]?.GetValue<string>() ?? "", values);
                }
                foreach (var (_, child) in obj) EncodeInputs(child);
                break;
        }
    }
}

using System.Text.Json.Nodes;

namespace MfaBot.LoadTest.Channel;

/// <summary>One call a bot made to the channel's connector, stamped with <see cref="System.Diagnostics.Stopwatch"/> ticks on arrival.</summary>
/// <param name="ResultId">The activity id the connector answered with (what a later update or replyToId names).</param>
public sealed record ConnectorCall(string Method, string ConversationId, string? ActivityId, JsonObject? Body, string ResultId, long ArrivedAt)
{
    public string? Text => Body?["text"]?.GetValue<string>();

    /// <summary>The Adaptive Card in the activity, if any.</summary>
    public JsonObject? Card => Body?["attachments"] is JsonArray { Count: > 0 } a ? a[0]?["content"] as JsonObject : null;

    public bool HasCardContaining(string fragment) => Card?.ToJsonString().Contains(fragment, StringComparison.Ordinal) == true;
}

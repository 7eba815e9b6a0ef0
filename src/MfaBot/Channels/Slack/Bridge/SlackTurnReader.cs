using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Channels.Slack.Rendering;
using MfaBot.Conversation;
using Microsoft.Extensions.Primitives;

namespace MfaBot.Channels.Slack.Bridge;

/// <summary>
/// Reads verified Slack payloads (Events API envelopes, interaction payloads, slash commands) as channel-neutral
/// work; null for anything the bot ignores. Identity is always the payload's user id, never anything a view carries.
/// </summary>
public static class SlackTurnReader
{
    /// <summary>How Slack's JSON is parsed: a name given twice is malformed (else the object throws when read).</summary>
    public static JsonDocumentOptions JsonOptions { get; } = new() { AllowDuplicateProperties = false };

    public static SlackWork? ReadEvent(JsonObject envelope)
    {
        if (Str(envelope, "event_id") is not { } eventId || envelope["event"] is not JsonObject e || Str(e, "user") is not { } userId) return null;
        var team = Str(envelope, "team_id") ?? Str(e, "team");
        var botUserId = envelope["authorizations"] is JsonArray { Count: > 0 } auths && auths[0] is JsonObject auth ? Str(auth, "user_id") : null;
        if (userId == botUserId || e["bot_id"] is not null) return null;
        var user = new ChatUser(SlackChannelAdapter.ChannelName, userId, team, null, null);
        switch (Str(e, "type"))
        {
            case "message" when Str(e, "channel_type") == "im" && Str(e, "subtype") is null or "file_share" && Str(e, "channel") is { } dm:
                return new SlackTurnWork(eventId, user, TurnOf(eventId, user, dm, true, TextOf(e, team)));
            case "app_mention" when Str(e, "channel") is { } channel:
                return new SlackTurnWork(eventId, user, TurnOf(eventId, user, channel, false, TextOf(e, team)));
            case "app_home_opened" when Str(e, "channel") is { } dm:
                // Sent on every visit to the app's messages tab; the router greets a conversation only once.
                return new SlackTurnWork(eventId, user, TurnOf(eventId, user, dm, true, new Installed()));
            default:
                return null;
        }
    }

    public static SlackWork? ReadInteraction(JsonObject payload)
    {
        if (payload["user"] is not JsonObject u || Str(u, "id") is not { } userId) return null;
        var team = (payload["team"] is JsonObject t ? Str(t, "id") : null) ?? Str(u, "team_id");
        var user = new ChatUser(SlackChannelAdapter.ChannelName, userId, team, null, Str(u, "name"));
        var triggerId = Str(payload, "trigger_id");
        switch (Str(payload, "type"))
        {
            case "block_actions" when payload["actions"] is JsonArray { Count: > 0 } actions && actions[0] is JsonObject action
                                      && Str(action, "action_id") is { } step:
                var container = payload["container"] as JsonObject;
                var channel = (payload["channel"] is JsonObject c ? Str(c, "id") : null) ?? (container is null ? null : Str(container, "channel_id"));
                var ts = container is null ? null : Str(container, "message_ts");
                var deliveryId = triggerId ?? Str(action, "action_ts");
                if (channel is null || deliveryId is null) return null;
                // A button whose value is "modal:<template>" opens that modal; its action_id is the step the modal submits.
                var (head, carried) = SlackButtonValue.Decode(Str(action, "value") ?? "");
                if (head.StartsWith(SlackButtonValue.ModalPrefix, StringComparison.Ordinal))
                    return triggerId is null ? null : new SlackModalWork(deliveryId, user, triggerId, head[SlackButtonValue.ModalPrefix.Length..], step,
                        ModalMetadata(channel, ts, carried));
                return new SlackTurnWork(deliveryId, user,
                    TurnOf(deliveryId, user, channel, IsDirect(channel), new CardAction(step, Merged(InputsOf(payload["state"]), carried), ts)));
            case "view_submission" when payload["view"] is JsonObject view && Str(view, "callback_id") is { } callback:
                var id = triggerId ?? $"{Str(view, "id")}:{Str(view, "hash")}";
                var metadata = MetadataOf(Str(view, "private_metadata"));
                var where = metadata is null ? null : Str(metadata, "channel");
                var input = new CardAction(callback, Merged(InputsOf(view["state"]), StringsOf(metadata?[InputsKey])), metadata is null ? null : Str(metadata, "ts"));
                return new SlackTurnWork(id, user, TurnOf(id, user, where ?? "", where is not null && IsDirect(where), input), InDirectMessage: where is null);
            default:
                return null;
        }
    }

    public static SlackWork? ReadCommand(IReadOnlyDictionary<string, StringValues> form)
    {
        string? Field(string name) => form.TryGetValue(name, out var v) && v.Count == 1 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;
        if (Field("user_id") is not { } userId || Field("trigger_id") is not { } triggerId || Field("channel_id") is not { } channel) return null;
        var user = new ChatUser(SlackChannelAdapter.ChannelName, userId, Field("team_id"), null, Field("user_name"));
        var input = TypedText.Read(Field("text") ?? "", typed => new TextInput(SlackText.ReadTyped(typed).Text));
        return new SlackTurnWork(triggerId, user, TurnOf(triggerId, user, channel, false, input), InDirectMessage: true);
    }

    /// <summary>Direct-message channel ids start with D.</summary>
    public static bool IsDirect(string channelId) => channelId.StartsWith('D');

    private static Turn TurnOf(string id, ChatUser user, string channel, bool personal, TurnInput input) =>
        new(id, user, new ConversationRef(SlackChannelAdapter.ChannelName, channel, personal, SlackAddress.For(user.TenantId, user.Id)), input);

    private static TurnInput TextOf(JsonObject e, string? team) => TypedText.Read(Str(e, "text") ?? "", typed => ParseText(e, team, typed));

    private static TextInput ParseText(JsonObject e, string? team, string typed)
    {
        var (text, mentions) = SlackText.ReadTyped(typed);
        var files = (e["files"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(f => Str(f, "url_private_download") is not null)
            .Select(f => new InboundFile(Str(f, "name") ?? "file", Str(f, "mimetype"), Str(f, "url_private_download")!)).ToList();
        // An app_mention's text starts with the bot's own mention; it is not a person to act on.
        var people = Str(e, "type") == "app_mention" ? mentions.Skip(1) : mentions;
        return new TextInput(text)
        {
            Mentions = people.Select(id => new ChatUser(SlackChannelAdapter.ChannelName, id, team, null, null)).ToList(),
            Files = files,
        };
    }

    private const string InputsKey = "inputs";

    /// <summary>Where the modal's submission answers, and the inputs its button carried for the step.</summary>
    private static JsonObject ModalMetadata(string channel, string? ts, Dictionary<string, string> carried)
    {
        var metadata = new JsonObject { ["channel"] = channel, ["ts"] = ts };
        if (carried.Count > 0) metadata[InputsKey] = new JsonObject(carried.Select(i => KeyValuePair.Create(i.Key, (JsonNode?)i.Value)));
        return metadata;
    }

    /// <summary>What the person typed, with what the bot put on the button on top (as Action.Submit data is in Teams).</summary>
    private static Dictionary<string, string> Merged(Dictionary<string, string> typed, Dictionary<string, string> carried)
    {
        foreach (var (name, value) in carried) typed[name] = value;
        return typed;
    }

    private static Dictionary<string, string> StringsOf(JsonNode? node)
    {
        var strings = new Dictionary<string, string>(StringComparer.Ordinal);
        if (node is JsonObject o)
            foreach (var (name, value) in o)
                if (value.StringOrNull() is { } text) strings[name] = text;
        return strings;
    }

    /// <summary>Input values of a view or message: state.values.{block_id}.{action_id}.value, keyed by action_id.</summary>
    private static Dictionary<string, string> InputsOf(JsonNode? state)
    {
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (state is not JsonObject s || s["values"] is not JsonObject blocks) return inputs;
        foreach (var (_, block) in blocks)
            if (block is JsonObject actions)
                foreach (var (actionId, element) in actions)
                    if (element is JsonObject el && Str(el, "value") is { } value) inputs[actionId] = value;
        return inputs;
    }

    private static JsonObject? MetadataOf(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        try
        {
            return JsonNode.Parse(text, documentOptions: JsonOptions) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The string property <paramref name="name"/>, or null when it is missing or not a string.</summary>
    public static string? Str(JsonObject obj, string name) =>
        obj[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}

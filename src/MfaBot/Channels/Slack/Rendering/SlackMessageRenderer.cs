using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Conversation;

namespace MfaBot.Channels.Slack.Rendering;

/// <summary>A message as chat.postMessage / chat.update take it: notification text and Block Kit blocks.</summary>
public sealed record SlackMessage(string Text, JsonArray? Blocks);

/// <summary>
/// Renders channel-neutral messages with the Block Kit templates in cards/slack: <c>{"text": …, "blocks": […]}</c>
/// for messages and a view object for modals. Every string of the data is escaped for mrkdwn before binding;
/// buttons' "inputs" become part of their values (<see cref="SlackButtonValue"/>).
/// </summary>
public sealed class SlackMessageRenderer(CardTemplates templates)
{
    public const string Folder = "slack";

    /// <param name="image">Where the message's image was uploaded ({id, url, alt}); bound as "image".</param>
    public SlackMessage Render(OutboundMessage message, JsonObject? image)
    {
        if (message.Card is not { } card) return new SlackMessage(SlackText.FromMarkdown(message.Text ?? ""), null);
        var data = Escaped(card.Data);
        if (image is not null) data["image"] = image.DeepClone();
        var bound = templates.Bind(Folder, card.Template, data);
        var text = bound["text"].StringOrNull() ?? card.Template;
        var blocks = bound["blocks"] as JsonArray ?? throw new InvalidDataException($"Slack template '{card.Template}' has no blocks array.");
        bound.Remove("blocks");
        SlackButtonValue.EncodeInputs(blocks);
        return new SlackMessage(text, blocks);
    }

    /// <summary>A modal view from cards/slack/&lt;template&gt;.json, with the callback id and metadata the bot needs back.</summary>
    public JsonObject RenderView(string template, string callbackId, string privateMetadata)
    {
        var view = templates.Bind(Folder, template, []);
        SlackButtonValue.EncodeInputs(view);
        view["callback_id"] = callbackId;
        view["private_metadata"] = privateMetadata;
        return view;
    }

    private static JsonObject Escaped(JsonObject data) => (JsonObject)EscapeNode(data)!;

    private static JsonNode? EscapeNode(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, EscapeNode(p.Value)))),
        JsonArray a => new JsonArray(a.Select(EscapeNode).ToArray()),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(SlackText.FromMarkdown(v.GetValue<string>())),
        _ => node?.DeepClone(),
    };
}

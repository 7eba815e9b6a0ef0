using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Conversation;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>Turns a channel-neutral message into a Bot Framework activity with an Adaptive Card from cards/teams.</summary>
public sealed class AdaptiveCardRenderer(CardTemplates templates)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <param name="imageUrl">Where the card's image is served; null puts the image inline as a data: URI.</param>
    public Activity Render(ConversationReference to, OutboundMessage message, string? imageUrl)
    {
        var activity = to.CreateMessageActivity(message.Text);
        if (message.Text is not null) activity.TextFormat = "markdown";
        if (message.Card is { } card)
        {
            var data = (JsonObject)card.Data.DeepClone();
            if (message.Image is { } image)
                data["image"] = new JsonObject
                {
                    ["url"] = imageUrl ?? "data:image/png;base64," + Convert.ToBase64String(image.Png),
                    ["alt"] = image.AltText,
                };
            activity.Attachments = [new Attachment { ContentType = AdaptiveCardContentType, Content = templates.Bind("teams", card.Template, data) }];
        }
        return activity;
    }
}

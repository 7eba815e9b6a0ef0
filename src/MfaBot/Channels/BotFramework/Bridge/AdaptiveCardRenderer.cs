using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Conversation;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>Turns a channel-neutral message into a Bot Framework activity with an Adaptive Card from cards/teams.</summary>
public sealed class AdaptiveCardRenderer(CardTemplates templates)
{
    public const string AdaptiveCardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>
    /// The largest chart PNG put inline: Teams refuses a bot message over about 28 KB, and base64 adds a third. A larger
    /// chart without PublicBaseUrl is left out (its alt text, which states the numbers, is shown instead), so the card
    /// still arrives. QR codes are a few KB and always fit; the loopback playground takes any size.
    /// </summary>
    public const int InlineChartBudget = 16 * 1024;

    public const string ChartLeftOut = "The chart is not shown: set PublicBaseUrl so Teams can load it from the bot.";

    /// <param name="imageUrl">Where the card's image is served; null puts the image inline as a data: URI.</param>
    public Activity Render(ConversationReference to, OutboundMessage message, string? imageUrl)
    {
        var activity = to.CreateMessageActivity(message.Text);
        if (message.Text is not null) activity.TextFormat = "markdown";
        if (message.Card is { } card)
        {
            var data = (JsonObject)card.Data.DeepClone();
            if (message.Image is { } image)
                data["image"] = imageUrl is null && image.IsChart && image.Png.Length > InlineChartBudget && !IsLoopback(to.ServiceUrl)
                    ? new JsonObject { ["alt"] = image.AltText, ["leftOut"] = ChartLeftOut }
                    : new JsonObject
                    {
                        ["url"] = imageUrl ?? "data:image/png;base64," + Convert.ToBase64String(image.Png),
                        ["alt"] = image.AltText,
                    };
            activity.Attachments = [new Attachment { ContentType = AdaptiveCardContentType, Content = templates.Bind("teams", card.Template, data) }];
        }
        return activity;
    }

    private static bool IsLoopback(string? serviceUrl) =>
        Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) && BotFrameworkOptionsValidator.IsLoopback(uri);
}

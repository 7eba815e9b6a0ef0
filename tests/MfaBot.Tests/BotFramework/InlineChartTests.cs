using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Channels.BotFramework.Bridge;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Conversation;
using MfaBot.Tests.Cards;

namespace MfaBot.Tests.BotFramework;

/// <summary>Without PublicBaseUrl a chart goes inline; one too large for a Teams message is left out, its numbers said in text.</summary>
public sealed class InlineChartTests
{
    private const string Alt = "Coverage over 90 days: 412 of 500 people have MFA today.";

    private static JsonObject Card(string serviceUrl, int pngBytes, bool isChart = true)
    {
        var renderer = new AdaptiveCardRenderer(new CardTemplates(RepoFiles.PathOf("cards")));
        var to = new ConversationReference { ServiceUrl = serviceUrl, ChannelId = "msteams", Conversation = new ConversationAccount { Id = "a:1" } };
        var data = new JsonObject { ["title"] = "MFA coverage", ["summary"] = "412 of 500", ["facts"] = new JsonArray(), ["rows"] = new JsonArray(), ["listHeading"] = "Riskiest first" };
        var activity = renderer.Render(to, OutboundMessage.Show("coverage", data, new OutboundImage(new byte[pngBytes], Alt, isChart)), imageUrl: null);
        return (JsonObject)activity.Attachments![0].Content!;
    }

    private static List<JsonObject> Elements(JsonObject card, string type) =>
        [.. card["body"]!.AsArray().OfType<JsonObject>().Where(e => e["type"]?.GetValue<string>() == type)];

    [Fact]
    public void A_chart_too_large_for_a_teams_message_is_left_out_and_its_numbers_are_said_in_text()
    {
        var card = Card("https://smba.trafficmanager.net/emea/", 65_000);

        Assert.Empty(Elements(card, "Image"));
        var note = Assert.Single(Elements(card, "TextBlock"), t => t["text"]!.GetValue<string>().Contains(Alt, StringComparison.Ordinal));
        Assert.Contains("PublicBaseUrl", note["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.True(card.ToJsonString().Length < 28_000);
    }

    [Theory]
    [InlineData("https://smba.trafficmanager.net/emea/", 4_000, true)] // a small chart fits
    [InlineData("https://smba.trafficmanager.net/emea/", 65_000, false)] // a QR code is never left out
    [InlineData("http://127.0.0.1:56000/", 65_000, true)] // the playground on loopback takes any size
    public void Otherwise_the_image_is_inline_with_its_alt_text(string serviceUrl, int bytes, bool isChart)
    {
        var card = Card(serviceUrl, bytes, isChart);

        var image = Assert.Single(Elements(card, "Image"));
        Assert.StartsWith("data:image/png;base64,", image["url"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(Alt, image["altText"]!.GetValue<string>());
        Assert.DoesNotContain("PublicBaseUrl", card.ToJsonString(), StringComparison.Ordinal);
    }
}

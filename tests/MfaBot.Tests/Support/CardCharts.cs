using System.Text.Json.Nodes;

namespace MfaBot.Tests.Support;

/// <summary>A card's chart as a client gets it: the Image element's URL and alt text, then the PNG behind the URL.</summary>
public static class CardCharts
{
    public static (string Url, string AltText) ImageOf(JsonObject card)
    {
        var image = Images(card).Single();
        return (image["url"]!.GetValue<string>(), image["altText"]!.GetValue<string>());
    }

    public static bool HasImage(JsonObject card) => Images(card).Any();

    /// <summary>A data: URI is decoded; a hosted image is fetched from the bot at the URL's path, as Teams would.</summary>
    public static async Task<byte[]> FetchAsync(BotServer bot, string url)
    {
        const string inline = "data:image/png;base64,";
        if (url.StartsWith(inline, StringComparison.Ordinal)) return Convert.FromBase64String(url[inline.Length..]);
        Assert.StartsWith("https://bot.example.com/card-images/", url, StringComparison.Ordinal);
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(bot.BaseUrl + new Uri(url).AbsolutePath);
    }

    private static IEnumerable<JsonObject> Images(JsonNode? node) => node switch
    {
        JsonObject o when o["type"]?.ToString() == "Image" => [o],
        JsonObject o => o.SelectMany(p => Images(p.Value)),
        JsonArray a => a.SelectMany(Images),
        _ => [],
    };
}

using System.Text.Json.Nodes;
using MfaBot.Tests.Cards;

namespace MfaBot.Tests.Resets;

/// <summary>
/// Reset cards keep the theme's text colour for every title and sentence (coloured text is hard to read on Teams' dark and
/// high-contrast themes); a state is marked by a container's style, a small accent that leaves the text as it is.
/// </summary>
public class ResetCardContrastTests
{
    public static TheoryData<string> Cards() => [.. Directory.GetFiles(RepoFiles.PathOf("cards", "teams"), "reset-*.json").Select(f => Path.GetFileName(f))];

    [Theory]
    [MemberData(nameof(Cards))]
    public void No_text_in_a_reset_card_is_coloured(string file)
    {
        var card = JsonNode.Parse(File.ReadAllText(RepoFiles.PathOf("cards", "teams", file)))!;
        Assert.Empty(Coloured(card));
    }

    private static IEnumerable<string> Coloured(JsonNode? node) => node switch
    {
        JsonObject o => (o.ContainsKey("color") ? [o["text"]?.ToString() ?? o.ToJsonString()] : Enumerable.Empty<string>())
            .Concat(o.SelectMany(p => Coloured(p.Value))),
        JsonArray a => a.SelectMany(Coloured),
        _ => [],
    };
}

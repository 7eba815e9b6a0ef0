using System.Globalization;
using System.Text.Json.Nodes;

namespace MfaBot.Cards;

/// <summary>The data of a FactSet (Teams) or a fields section (Slack): [{title, value}], the templates' shared shape.</summary>
public static class CardFacts
{
    public static JsonArray Of(IEnumerable<(string Title, int Value)> facts) =>
        new([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value.ToString(CultureInfo.InvariantCulture) })]);
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace MfaBot.Channels.BotFramework.Schema;

/// <summary>The one JSON convention of the Bot Framework wire format: camelCase, nulls omitted.</summary>
public static class BotFrameworkJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}

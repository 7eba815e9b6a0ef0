using System.Text.Json;

namespace MfaBot.Channels.Inbound;

/// <summary>
/// System.Text.Json parses a string holding a lone surrogate escape (<c>"\ud800"</c>) and throws only when the string
/// is read, which for a document kept as JsonElement may be long after the request was answered.
/// </summary>
internal static class JsonStrings
{
    /// <returns>false when a string or property name cannot be read as text.</returns>
    /// <exception cref="JsonException">The text is not JSON.</exception>
    public static bool AreReadable(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            while (reader.Read())
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped) _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

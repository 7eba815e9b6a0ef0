using System.Text.Json;

namespace MfaBot.IamSimulator.Kms;

/// <summary>
/// The JSON body of one KMS call, read member by member against the model's constraints; violations are collected
/// and reported together as KMS does: "1 validation error detected: Value null at 'keyId' failed to satisfy …".
/// </summary>
internal sealed class KmsRequest
{
    private readonly JsonElement _body;
    private readonly List<string> _errors = [];

    private KmsRequest(JsonElement body) => _body = body;

    public static KmsRequest Parse(byte[] body)
    {
        if (body.Length == 0) return new KmsRequest(JsonDocument.Parse("{}").RootElement);
        try
        {
            var root = JsonDocument.Parse(body).RootElement;
            return root.ValueKind == JsonValueKind.Object ? new KmsRequest(root) : throw new JsonException();
        }
        catch (JsonException)
        {
            throw new KmsException("SerializationException", "Start of structure or map found where not expected.");
        }
    }

    public string? String(string member, int min, int max, bool required = false)
    {
        if (!Present(member, JsonValueKind.String, required, out var value)) return null;
        var text = value.GetString()!;
        if (text.Length < min) Fail(member, text, $"Member must have length greater than or equal to {min}");
        if (text.Length > max) Fail(member, text, $"Member must have length less than or equal to {max}");
        return text;
    }

    public int? Int(string member, int min, int max)
    {
        if (!Present(member, JsonValueKind.Number, false, out var value)) return null;
        if (!value.TryGetInt32(out var number)) number = int.MaxValue;
        if (number < min) Fail(member, number.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Member must have value greater than or equal to {min}");
        if (number > max) Fail(member, number.ToString(System.Globalization.CultureInfo.InvariantCulture), $"Member must have value less than or equal to {max}");
        return number;
    }

    public string? Enum(string member, params string[] allowed)
    {
        var text = String(member, 0, int.MaxValue);
        if (text is not null && !allowed.Contains(text)) Fail(member, text, $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        return text;
    }

    /// <summary>A blob: Base64 in JSON. Its value is never echoed in an error.</summary>
    public byte[]? Blob(string member, int max, bool required = false)
    {
        if (!Present(member, JsonValueKind.String, required, out var value)) return null;
        if (!value.TryGetBytesFromBase64(out var bytes))
            throw new KmsException("SerializationException", $"Could not read '{member}' as Base64.");
        if (bytes.Length is 0 || bytes.Length > max) _errors.Add($"Value at '{Camel(member)}' failed to satisfy constraint: Member must have length between 1 and {max}");
        return bytes;
    }

    public Dictionary<string, string> Map(string member)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!Present(member, JsonValueKind.Object, false, out var value)) return map;
        foreach (var pair in value.EnumerateObject())
        {
            if (pair.Value.ValueKind != JsonValueKind.String)
                throw new KmsException("SerializationException", $"Values of '{member}' must be strings.");
            map[pair.Name] = pair.Value.GetString()!;
        }
        return map;
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count == 0) return;
        var count = _errors.Count == 1 ? "1 validation error" : $"{_errors.Count} validation errors";
        throw KmsException.Validation($"{count} detected: {string.Join("; ", _errors)}");
    }

    public void Fail(string message) => _errors.Add(message);

    private bool Present(string member, JsonValueKind kind, bool required, out JsonElement value)
    {
        if (!_body.TryGetProperty(member, out value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) _errors.Add($"Value null at '{Camel(member)}' failed to satisfy constraint: Member must not be null");
            return false;
        }
        if (value.ValueKind != kind)
            throw new KmsException("SerializationException", $"Unexpected value type for '{member}'.");
        return true;
    }

    private void Fail(string member, string value, string constraint) =>
        _errors.Add($"Value '{value}' at '{Camel(member)}' failed to satisfy constraint: {constraint}");

    private static string Camel(string member) => char.ToLowerInvariant(member[0]) + member[1..];
}

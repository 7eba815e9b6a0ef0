namespace MfaBot.Enrollment;

/// <summary>
/// Codes typed as a chat message: "123456 654321", "123 456, 654 321", or one code per message. Text made only of
/// digits, spaces, commas and semicolons counts as codes; anything else is not for this reader.
/// </summary>
public static class TypedCodes
{
    /// <summary>Codes or what to tell the person; null when the text is not codes at all.</summary>
    public sealed record Reading(IReadOnlyList<string> Codes, string? Problem);

    private static readonly char[] Separators = [',', ';', '\n', '\r'];

    public static Reading? Read(string text)
    {
        if (!text.Any(char.IsDigit) || !text.All(c => char.IsDigit(c) || char.IsWhiteSpace(c) || c is ',' or ';')) return null;
        var parts = Split(text);
        if (parts.Count > 2) return new([], $"I read {parts.Count} codes; please send two: the code your app shows now and the next one.");
        var codes = new List<string>(2);
        foreach (var part in parts)
        {
            if (CodeEntry.TryRead(part, out var code) is { } problem) return new([], problem);
            codes.Add(code);
        }
        return new(codes, null);
    }

    /// <summary>
    /// Separators split first. Without them, spaces split where each piece is a whole code; otherwise they group digits
    /// as apps show them ("123 456" is one code, twelve digits in any grouping are two). Two odd pieces stay two, so
    /// that the person hears which one is wrong.
    /// </summary>
    private static List<string> Split(string text)
    {
        if (text.IndexOfAny(Separators) >= 0)
            return [.. text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        var tokens = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (tokens.All(t => t.Length == 6)) return [.. tokens];
        var digits = string.Concat(tokens);
        return digits.Length switch
        {
            6 => [digits],
            12 => [digits[..6], digits[6..]],
            _ => tokens.Length == 2 ? [.. tokens] : [digits],
        };
    }
}

using System.Text.RegularExpressions;

namespace MfaBot.Audit;

/// <summary>
/// Last line of defence for free text headed to the audit trail: refuses text that looks like a one-time
/// code (a stand-alone run of exactly 6 digits) or a Base32 seed (16+ Base32 characters, whole or in groups
/// of 4). Mixed-case words, long numbers, GUIDs, ARNs and ordinary sentences pass. Lower-case runs must
/// hold a digit 2-7 to count, so long plain words ("internationalization") pass.
/// </summary>
public static partial class SecretScrubber
{
    private const int SeedMinLength = 16;

    [GeneratedRegex("(?<![A-Za-z0-9])[0-9]{6}(?![A-Za-z0-9])")]
    private static partial Regex StandaloneSixDigits();

    [GeneratedRegex("[A-Za-z0-9]+")]
    private static partial Regex Token();

    [GeneratedRegex("(?<![A-Za-z0-9])[A-Za-z2-7]{4}(?:[ -][A-Za-z2-7]{4}){3,}(?![A-Za-z0-9])")]
    private static partial Regex GroupsOfFour();

    public static bool LooksLikeSecret(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        if (StandaloneSixDigits().IsMatch(text)) return true;
        foreach (Match token in Token().Matches(text))
        {
            if (IsSeedLike(token.Value)) return true;
        }
        foreach (Match grouped in GroupsOfFour().Matches(text))
        {
            if (IsSeedLike(grouped.Value.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal))) return true;
        }
        return false;
    }

    /// <exception cref="ArgumentException">The text looks like a secret; the message does not repeat it.</exception>
    public static void EnsureNoSecret(string? text, string paramName)
    {
        if (LooksLikeSecret(text))
            throw new ArgumentException("The text looks like a one-time code or a secret key and must not be recorded.", paramName);
    }

    private static bool IsSeedLike(string token)
    {
        if (token.Length < SeedMinLength) return false;
        var upper = token.All(c => c is >= 'A' and <= 'Z' or >= '2' and <= '7');
        var lower = token.All(c => c is >= 'a' and <= 'z' or >= '2' and <= '7');
        return upper || (lower && token.Any(c => c is >= '2' and <= '7'));
    }
}

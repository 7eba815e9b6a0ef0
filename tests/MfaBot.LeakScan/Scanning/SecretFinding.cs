using System.Text.RegularExpressions;

namespace MfaBot.LeakScan.Scanning;

/// <summary>Where a secret was seen and in which form, never the secret itself.</summary>
/// <param name="Source">A file, or a database row.</param>
/// <param name="Line">1-based line of the file; 1 for a row.</param>
/// <param name="Kind">E.g. "seed as hex of the bytes", "code", "seed-like Base32 run of 32 characters".</param>
/// <param name="Before">Up to 40 characters before the hit, with anything long or numeric masked.</param>
public sealed partial record SecretFinding(string Source, int Line, int Column, string Kind, string Before)
{
    public override string ToString() => $"{Source}:{Line}:{Column}: {Kind}, after \"{Before}\"";

    internal static SecretFinding At(string source, int line, string text, int index, string kind)
    {
        var before = text[Math.Max(0, index - 40)..index];
        return new(source, line, index + 1, kind, Digits().Replace(LongTokens().Replace(before, "…"), "#"));
    }

    // What is left around a hit could hold another secret (the second code, a key): neither is repeated.
    [GeneratedRegex("[A-Za-z0-9+/=_-]{12,}")]
    private static partial Regex LongTokens();

    [GeneratedRegex("[0-9]{4,}")]
    private static partial Regex Digits();
}

namespace MfaBot.LoadTest.Secrets;

/// <summary>
/// Finds known secrets in text with one hash lookup per position and needle length (seed forms, compared ignoring
/// case so hex matches both ways) and one per six-digit token (codes).
/// </summary>
internal sealed class SecretScanner
{
    private readonly HashSet<string> _seedForms;
    private readonly int[] _lengths;
    private readonly HashSet<string> _codes;

    public SecretScanner(IEnumerable<string> seedForms, IEnumerable<string> codes)
    {
        _seedForms = new HashSet<string>(seedForms, StringComparer.OrdinalIgnoreCase);
        _lengths = [.. _seedForms.Select(s => s.Length).Distinct()];
        _codes = new HashSet<string>(codes, StringComparer.Ordinal);
    }

    public IEnumerable<SecretFinding> Scan(string source, string text)
    {
        var seeds = _seedForms.GetAlternateLookup<ReadOnlySpan<char>>();
        var codes = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var length in _lengths)
                if (i + length <= text.Length && seeds.Contains(text.AsSpan(i, length)))
                    yield return Finding(source, "seed", text, i, length);
            if (IsCodeToken(text, i) && codes.Contains(text.AsSpan(i, 6)))
                yield return Finding(source, "code", text, i, 6);
        }
    }

    /// <summary>Exactly six digits between non-alphanumerics, and not the fraction of a number or timestamp ("35.123456").</summary>
    private static bool IsCodeToken(string text, int i)
    {
        if (i + 6 > text.Length) return false;
        for (var k = i; k < i + 6; k++)
            if (!char.IsAsciiDigit(text[k])) return false;
        if (i > 0 && char.IsAsciiLetterOrDigit(text[i - 1])) return false;
        if (i + 6 < text.Length && char.IsAsciiLetterOrDigit(text[i + 6])) return false;
        return !(i >= 2 && text[i - 1] is '.' or ',' && char.IsAsciiDigit(text[i - 2]));
    }

    private static SecretFinding Finding(string source, string kind, string text, int at, int length)
    {
        var from = Math.Max(0, at - 60);
        var to = Math.Min(text.Length, at + length + 60);
        var context = text[from..at] + "[" + kind + "]" + text[(at + length)..to];
        return new SecretFinding(source, kind, context.ReplaceLineEndings(" "));
    }
}

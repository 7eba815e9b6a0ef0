namespace MfaBot.LeakScan.Scanning;

/// <summary>
/// Finds known seeds in every <see cref="SeedForms"/> form (ignoring case), known codes as whole six-digit tokens,
/// and, when asked, <see cref="SeedLikeRuns">seed-like Base32</see> whose value nobody recorded. One pass per line:
/// an 8-character rolling key finds where a seed form could start, and only those places are compared.
/// </summary>
public sealed class SecretScanner
{
    private const int KeyLength = 8;
    private const ulong KeyMask = (1UL << (7 * KeyLength)) - 1;

    private readonly Dictionary<ulong, List<SeedForms.Form>> _formsByKey = [];
    private readonly HashSet<int> _codes;
    private readonly bool _seedLike;

    public SecretScanner(IEnumerable<string> seeds, IEnumerable<string> codes, bool seedLike = false)
    {
        foreach (var form in seeds.SelectMany(SeedForms.Of))
        {
            var key = 0UL;
            foreach (var c in form.Text.AsSpan(0, KeyLength)) key = Roll(key, c);
            if (!_formsByKey.TryGetValue(key, out var list)) _formsByKey[key] = list = [];
            list.Add(form);
        }
        _codes = [.. codes.Where(Recording.LedgerFile.IsCode).Select(int.Parse)];
        _seedLike = seedLike;
    }

    /// <summary>Every line of <paramref name="text"/>.</summary>
    /// <param name="database">The raw bytes of an SQLite file (see <see cref="ScanLine"/>).</param>
    public IEnumerable<SecretFinding> Scan(string source, string text, bool database = false)
    {
        var number = 0;
        foreach (var line in text.Split('\n'))
            foreach (var finding in ScanLine(source, ++number, line, database)) yield return finding;
    }

    /// <summary>One line; JSON and URL escapes of ASCII are undone first, so "\u002B" or "%2B" hide no '+'.</summary>
    /// <param name="database">
    /// The raw bytes of an SQLite file: a code counts only between text (printable ASCII), because a record header's
    /// bytes can read as six digits between control bytes (one such in a 10,000-person campaign's database). Its rows
    /// are scanned as text besides (<c>SqliteSource</c>), where a code stands alone as it would in a column.
    /// </param>
    public IEnumerable<SecretFinding> ScanLine(string source, int line, string text, bool database = false)
    {
        text = Unescape.Ascii(text);
        var found = new List<SecretFinding>();
        var seeds = KnownSeeds(source, line, text, found);
        Codes(source, line, text, found, database);
        if (!_seedLike) return found;
        foreach (var (start, length) in SeedLikeRuns.In(text))
            if (!seeds.Exists(s => s.Start < start + length && start < s.End))
                found.Add(SecretFinding.At(source, line, text, start, $"seed-like Base32 run of {length} characters, not in the ledger"));
        return found;
    }

    /// <returns>Where the seeds found lie, so a seed-like run there is not reported again.</returns>
    private List<(int Start, int End)> KnownSeeds(string source, int line, string text, List<SecretFinding> found)
    {
        var spans = new List<(int Start, int End)>();
        var key = 0UL;
        for (var i = 0; i < text.Length; i++)
        {
            key = Roll(key, text[i]);
            if (i < KeyLength - 1 || !_formsByKey.TryGetValue(key, out var forms)) continue;
            var start = i - KeyLength + 1;
            foreach (var form in forms)
                if (text.AsSpan(start).StartsWith(form.Text, StringComparison.OrdinalIgnoreCase))
                {
                    found.Add(SecretFinding.At(source, line, text, start, "seed as " + form.Name));
                    spans.Add((start, start + form.Text.Length));
                }
        }
        return spans;
    }

    /// <summary>Exactly six digits between non-alphanumerics, and not the fraction of a number or timestamp ("35.123456").</summary>
    private void Codes(string source, int line, string text, List<SecretFinding> found, bool database)
    {
        static bool Text(char c) => c is >= ' ' and <= '~';
        for (var i = 0; i < text.Length;)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i - start != 6) continue;
            if (start > 0 && char.IsAsciiLetter(text[start - 1])) continue;
            if (i < text.Length && char.IsAsciiLetter(text[i])) continue;
            if (start >= 2 && text[start - 1] is '.' or ',' && char.IsAsciiDigit(text[start - 2])) continue;
            if (database && ((start > 0 && !Text(text[start - 1])) || (i < text.Length && !Text(text[i])))) continue;
            if (_codes.Contains(int.Parse(text.AsSpan(start, 6), System.Globalization.CultureInfo.InvariantCulture)))
                found.Add(SecretFinding.At(source, line, text, start, "code"));
        }
    }

    // Seven bits per character, letters folded to upper case, anything outside ASCII as 0.
    private static ulong Roll(ulong key, char c)
    {
        var folded = c is >= 'a' and <= 'z' ? c - 32 : c < 128 ? c : 0;
        return ((key << 7) | (uint)folded) & KeyMask;
    }
}

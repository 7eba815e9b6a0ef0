using MfaBot.Otp;

namespace MfaBot.LeakScan.Recording;

/// <summary>
/// Ledger lines ("seed BASE32" or "code 123456") appended to one file per writer, and read back from every file of a
/// ledger folder. Seeds are stored in one canonical form (upper-case Base32, no spaces or padding).
/// </summary>
public sealed class LedgerFile(string path)
{
    private const string SeedTag = "seed ";
    private const string CodeTag = "code ";

    private readonly Lock _gate = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    public void AddSeed(string base32)
    {
        var seed = Canonical(base32);
        if (seed is not null) Append(SeedTag + seed);
    }

    public void AddSeed(ReadOnlySpan<byte> key)
    {
        if (!key.IsEmpty) Append(SeedTag + Base32.Encode(key));
    }

    /// <summary>Only what <see cref="IsCode"/> accepts: anything else cannot be matched as a code token, or is no secret.</summary>
    public void AddCodes(params ReadOnlySpan<string> codes)
    {
        foreach (var code in codes)
            if (IsCode(code)) Append(CodeTag + code);
    }

    private void Append(string line)
    {
        lock (_gate)
        {
            if (!_written.Add(line)) return;
            File.AppendAllText(path, line + "\n");
        }
    }

    /// <summary>
    /// Six digits, and not a placeholder tests type on purpose (123456, 654321, 000000): no one's secret, and the same
    /// values turn up as ids in fuzzed input. A real code is one of these once in 50,000.
    /// </summary>
    public static bool IsCode(string? text) =>
        text is { Length: 6 } && text.All(char.IsAsciiDigit) && !text.All(c => c == text[0])
        && !"0123456789".Contains(text, StringComparison.Ordinal) && !"9876543210".Contains(text, StringComparison.Ordinal);

    /// <summary>Upper-case Base32 without spaces, hyphens or padding; null when it does not decode.</summary>
    public static string? Canonical(string? base32) =>
        base32 is not null && Base32.TryDecode(base32, out var bytes) ? Base32.Encode(bytes) : null;

    /// <summary>Every seed and code in every file of <paramref name="folder"/> (none when it does not exist).</summary>
    public static (HashSet<string> Seeds, HashSet<string> Codes) ReadFolder(string folder)
    {
        var (seeds, codes) = (new HashSet<string>(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal));
        if (!Directory.Exists(folder)) return (seeds, codes);
        foreach (var file in Directory.EnumerateFiles(folder))
            foreach (var line in File.ReadLines(file))
            {
                if (line.StartsWith(SeedTag, StringComparison.Ordinal) && Canonical(line[SeedTag.Length..]) is { } seed) seeds.Add(seed);
                else if (line.StartsWith(CodeTag, StringComparison.Ordinal) && IsCode(line[CodeTag.Length..])) codes.Add(line[CodeTag.Length..]);
            }
        return (seeds, codes);
    }
}

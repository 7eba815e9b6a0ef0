using System.Collections.Concurrent;
using System.Text;
using MfaBot.Otp;

namespace MfaBot.LoadTest.Secrets;

/// <summary>
/// Every TOTP seed and code a run saw (from QR cards, or typed into the bot), and a scan of log text and data folders
/// for any of them in clear: the seed as Base32 (plain and in the card's groups of four), as Base64 and hex of its
/// bytes, as Base64 of its Base32 text (IAM's XML form); a code as a whole six-digit token.
/// </summary>
public sealed class SecretLedger
{
    private readonly ConcurrentDictionary<string, byte> _seeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _codes = new(StringComparer.Ordinal);

    public int SeedCount => _seeds.Count;

    public int CodeCount => _codes.Count;

    public void AddSeed(string base32) => _seeds.TryAdd(base32.ToUpperInvariant(), 0);

    public void AddCodes(params string[] codes)
    {
        foreach (var code in codes) _codes.TryAdd(code, 0);
    }

    /// <summary>Every file under the folders (recursively) and every extra text.</summary>
    public IReadOnlyList<SecretFinding> Scan(IEnumerable<string> folders, IEnumerable<(string Source, string Text)>? texts = null)
    {
        var scanner = new SecretScanner(SeedForms(), _codes.Keys);
        var findings = new List<SecretFinding>();
        foreach (var folder in folders.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                findings.AddRange(scanner.Scan(file, ReadShared(file)));
        foreach (var (source, text) in texts ?? []) findings.AddRange(scanner.Scan(source, text));
        return findings;
    }

    private IEnumerable<string> SeedForms()
    {
        foreach (var seed in _seeds.Keys)
        {
            var bytes = Base32.Decode(seed);
            yield return seed;
            yield return string.Join(' ', seed.Chunk(4).Select(c => new string(c)));
            yield return Convert.ToBase64String(bytes);
            yield return Convert.ToHexString(bytes);
            yield return Convert.ToBase64String(Encoding.ASCII.GetBytes(seed));
        }
    }

    // A file being written by a live process is read as it is; Latin-1 keeps every byte, so binary files scan too.
    private static string ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }
}

/// <param name="Kind">"seed" or "code".</param>
/// <param name="Context">The text around the hit with the secret itself masked, so a report does not repeat it.</param>
public sealed record SecretFinding(string Source, string Kind, string Context);

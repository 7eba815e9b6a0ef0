using System.Collections.Concurrent;
using System.Text;
using MfaBot.LeakScan.Recording;
using MfaBot.LeakScan.Scanning;
using MfaBot.LeakScan.Suite;

namespace MfaBot.LoadTest.Secrets;

/// <summary>
/// Every TOTP seed and code a run saw (from QR cards, or typed into the bot), and a scan of log text and data folders
/// for any of them in clear (every form in <see cref="SeedForms"/>; a code as a whole six-digit token). Each is also
/// written to the test run's ledger (<see cref="RunLedger"/>) for the scan after the whole suite.
/// </summary>
public sealed class SecretLedger
{
    private readonly ConcurrentDictionary<string, byte> _seeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _codes = new(StringComparer.Ordinal);

    public int SeedCount => _seeds.Count;

    public int CodeCount => _codes.Count;

    public void AddSeed(string base32)
    {
        _seeds.TryAdd(base32.ToUpperInvariant(), 0);
        RunLedger.Seed(base32);
    }

    public void AddCodes(params string[] codes)
    {
        foreach (var code in codes) _codes.TryAdd(code, 0);
        RunLedger.Codes(codes);
    }

    /// <summary>Every file under the folders (recursively) and every extra text.</summary>
    public IReadOnlyList<SecretFinding> Scan(IEnumerable<string> folders, IEnumerable<(string Source, string Text)>? texts = null)
    {
        var scanner = new SecretScanner(_seeds.Keys, _codes.Keys);
        var findings = new List<SecretFinding>();
        foreach (var folder in folders.Where(Directory.Exists))
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                var database = SqliteSource.IsDatabase(file);
                findings.AddRange(scanner.Scan(file, ReadShared(file), database));
                if (database) SqliteSource.Scan(file, file, scanner, new ScanFigures(), findings);
            }
        foreach (var (source, text) in texts ?? []) findings.AddRange(scanner.Scan(source, text));
        return findings;
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

using System.Text;
using MfaBot.LeakScan.Scanning;

namespace MfaBot.LeakScan.Suite;

/// <summary>
/// Every line of every file under the given paths; Latin-1 keeps every byte, so binary files scan too. An SQLite
/// database (the bot's state) is also read row by row.
/// </summary>
internal static class FileSource
{
    public static void Scan(string path, string root, SecretScanner scanner, ScanFigures figures, List<SecretFinding> findings)
    {
        var files = File.Exists(path) ? [path]
            : Directory.Exists(path) ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories) : [];
        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, file);
            var isLog = name.StartsWith(Recording.RunFolder.Logs + "/", StringComparison.Ordinal) || file.EndsWith(".log", StringComparison.Ordinal);
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream, Encoding.Latin1);
            figures.Files++;
            figures.Bytes += stream.Length;
            var number = 0;
            var database = SqliteSource.IsDatabase(file);
            while (reader.ReadLine() is { } line)
            {
                number++;
                findings.AddRange(scanner.ScanLine(name, number, line, database));
            }
            if (isLog) figures.LogLines += number;
            if (database) SqliteSource.Scan(file, name, scanner, figures, findings);
        }
    }
}

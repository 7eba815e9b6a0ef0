namespace MfaBot.LeakScan.Recording;

/// <summary>
/// Keeps what the bot or the simulator wrote (a data folder, a state file, a process's log) under kept/ for the scan
/// after the whole suite, instead of losing it when the test cleans up. Does nothing unless <see cref="RunFolder.Enabled"/>.
/// </summary>
public static class RunArtifacts
{
    public static bool Enabled => RunFolder.Enabled;

    /// <summary>A copy of the file or folder as it is now (the original stays for the test).</summary>
    public static void Keep(string path)
    {
        if (Enabled && Target(path) is { } target) Copy(path, target);
    }

    /// <summary>Removes a temporary folder: moved under kept/ when enabled, else deleted.</summary>
    public static void KeepOrDelete(string folder)
    {
        if (!Directory.Exists(folder)) return;
        if (Enabled && Target(folder) is { } target)
        {
            try
            {
                Directory.Move(folder, target);
                return;
            }
            catch (IOException)
            {
                // Another file system (TMPDIR elsewhere): copy, then delete below.
                Copy(folder, target);
            }
        }
        Directory.Delete(folder, recursive: true);
    }

    /// <summary>Where a kept copy goes; null (with a note) when it would pass the limit, or when nothing is there.</summary>
    private static string? Target(string path)
    {
        var size = File.Exists(path) ? new FileInfo(path).Length
            : Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length)
            : -1;
        if (size < 0) return null;
        if (RunFolder.TryUse(size)) return RunFolder.NewPath(RunFolder.Kept, Path.GetFileName(Path.TrimEndingDirectorySeparator(path)));
        RunFolder.Note($"not kept ({size} bytes past the limit): {path}");
        return null;
    }

    private static void Copy(string path, string target)
    {
        if (File.Exists(path))
        {
            CopyFile(path, target);
            return;
        }
        foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(path, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            CopyFile(file, to);
        }
    }

    // Files of a process that is still writing are read as they are; one that vanished meanwhile is skipped. Lock
    // files (empty) and a write's temporary file (renamed into place a moment later, so scanned there) may be held
    // exclusively by another live instance on the same folder, which refuses the read.
    private static void CopyFile(string from, string to)
    {
        if (from.EndsWith(".lock", StringComparison.Ordinal) || from.EndsWith(".tmp", StringComparison.Ordinal)) return;
        try
        {
            using var source = new FileStream(from, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new FileStream(to, FileMode.CreateNew, FileAccess.Write);
            source.CopyTo(copy);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
        }
    }
}

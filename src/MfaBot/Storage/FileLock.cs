namespace MfaBot.Storage;

/// <summary>
/// Cross-process mutual exclusion: a lock file opened with FileShare.None (flock(LOCK_EX) on Unix, a share
/// mode on Windows). Lock files are never deleted, because deleting one while another process waits on it
/// would let two holders in. Setting DOTNET_SYSTEM_IO_DISABLEFILELOCKING disables this guarantee.
/// </summary>
internal static class FileLock
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static async Task<FileStream> AcquireAsync(string lockPath, CancellationToken cancellationToken)
    {
        var options = PrivateFiles.Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        var deadline = DateTime.UtcNow + Patience;
        var delayMs = 1;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                return new FileStream(lockPath, options);
            }
            catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException && DateTime.UtcNow < deadline)
            {
                // Held by another process: back off with jitter so waiters do not wake in lockstep.
                await Task.Delay(Random.Shared.Next(delayMs, delayMs * 2 + 1), cancellationToken);
                delayMs = Math.Min(delayMs * 2, 50);
            }
        }
    }
}

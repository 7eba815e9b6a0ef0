namespace MfaBot.IamSimulator.State;

/// <summary>
/// Group commit for the state file: a change is answered only once a snapshot containing it is on disk, but one
/// write covers every change made while the previous write was running, and no request waits under the account's
/// gate for the disk.
/// </summary>
public sealed class StatePersister(StateStore store, IamAccount account) : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private long _changes;
    private long _saved;

    /// <summary>Numbers a change; call under the account's gate right after it.</summary>
    public long Changed() => ++_changes;

    /// <summary>Returns once the file holds change <paramref name="change"/> (at once without a state file).</summary>
    public async Task PersistAsync(long change)
    {
        if (!store.Persistent) return;
        await _writer.WaitAsync();
        try
        {
            if (Volatile.Read(ref _saved) >= change) return;
            StateFile snapshot;
            long upTo;
            lock (account.Gate)
            {
                upTo = _changes;
                snapshot = store.Snapshot(account);
            }
            store.Write(snapshot);
            Volatile.Write(ref _saved, upTo);
        }
        finally
        {
            _writer.Release();
        }
    }

    public void Dispose() => _writer.Dispose();
}

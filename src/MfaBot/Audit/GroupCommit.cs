namespace MfaBot.Audit;

/// <summary>
/// Group commit for the audit trails: items queued while one write runs go together in the next, so concurrent turns
/// share a disk flush or a transaction; every caller still returns only after its own item is written.
/// </summary>
internal sealed class GroupCommit<T>(Func<IReadOnlyList<T>, Task> write) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _pendingLock = new();
    private readonly List<(long Seq, T Item)> _pending = [];
    private long _lastQueued;
    private long _lastWritten;

    public async Task WriteAsync(T item)
    {
        long seq;
        lock (_pendingLock)
        {
            seq = ++_lastQueued;
            _pending.Add((seq, item));
        }
        // Once queued the item must be written, so the wait is not cancellable; it is short.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (Volatile.Read(ref _lastWritten) < seq) await WritePendingAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Writes everything queued; called under the gate. On failure the items stay queued for the next writer.</summary>
    private async Task WritePendingAsync()
    {
        List<(long Seq, T Item)> batch;
        lock (_pendingLock)
        {
            batch = [.. _pending];
            _pending.Clear();
        }
        try
        {
            await write([.. batch.Select(b => b.Item)]);
            Volatile.Write(ref _lastWritten, batch[^1].Seq);
        }
        catch
        {
            lock (_pendingLock) _pending.InsertRange(0, batch);
            throw;
        }
    }
}

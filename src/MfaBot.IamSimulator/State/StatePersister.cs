using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.State;

/// <summary>
/// Group commit to the journal: a change is answered only once the journal line holding it is on disk (one append and
/// one fsync), one write covers every change made while the previous write was running, and no request waits under the
/// account's gate for the disk. A change costs the records it touched, not the whole account.
/// When the journal has grown past <see cref="IamSimulatorOptions.JournalCompactionBytes"/> and past the size of the
/// snapshot, a background compaction writes a fresh snapshot (temporary file, renamed) and empties the journal; a crash
/// at any point of it loses nothing committed, since the snapshot records the last entry it contains.
/// </summary>
public sealed partial class StatePersister : IDisposable
{
    private readonly StateStore _store;
    private readonly IamAccount _account;
    private readonly long _compactionBytes;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly List<(long Seq, byte[] Line)> _pending = [];
    private FileStream? _journal;
    private long _changes;
    private long _saved;
    private Task _compaction = Task.CompletedTask;

    public StatePersister(StateStore store, IamAccount account, IOptions<IamSimulatorOptions> options, ILogger<StatePersister>? logger = null)
    {
        _store = store;
        _account = account;
        _compactionBytes = options.Value.JournalCompactionBytes;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _changes = _saved = store.LoadedSeq;
    }

    /// <summary>Bytes appended to the journal since the start (for measurements).</summary>
    public long AppendedBytes { get; private set; }

    /// <summary>Compactions finished since the start.</summary>
    public int Compactions { get; private set; }

    /// <summary>Numbers a change and captures what it changed; call under the account's gate right after it.</summary>
    public long Changed()
    {
        var changes = _account.TakeChanges();
        if (!_store.Persistent) return ++_changes;
        if (changes.IsEmpty) return _changes;
        var seq = ++_changes;
        _pending.Add((seq, _store.EntryLine(_account, changes, seq)));
        return seq;
    }

    /// <summary>Returns once the journal holds change <paramref name="change"/> (at once without a state file).</summary>
    public async Task PersistAsync(long change)
    {
        if (!_store.Persistent) return;
        await _writer.WaitAsync();
        try
        {
            if (Volatile.Read(ref _saved) >= change) return;
            byte[][] lines;
            long upTo;
            lock (_account.Gate)
            {
                upTo = _changes;
                lines = [.. _pending.Select(p => p.Line)];
                _pending.Clear();
            }
            var total = 0;
            foreach (var line in lines) total += line.Length;
            if (total == 0)
            {
                Volatile.Write(ref _saved, upTo);
                return;
            }
            _journal ??= _store.OpenJournal();
            var buffer = new byte[total];
            var at = 0;
            foreach (var line in lines)
            {
                line.CopyTo(buffer, at);
                at += line.Length;
            }
            _journal.Write(buffer);
            _journal.Flush(flushToDisk: true);
            AppendedBytes += total;
            Volatile.Write(ref _saved, upTo);
            if (_journal.Length > _compactionBytes && _journal.Length > _store.SnapshotLength && _compaction.IsCompleted)
                _compaction = Task.Run(CompactAsync);
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>Writes a fresh snapshot and empties the journal, holding back appends (not requests) meanwhile.</summary>
    public async Task CompactAsync()
    {
        await _writer.WaitAsync();
        try
        {
            StateFile snapshot;
            long upTo;
            lock (_account.Gate)
            {
                // The snapshot holds every change made so far, the ones still waiting for their append too.
                upTo = _changes;
                snapshot = _store.Snapshot(_account, upTo);
            }
            _store.SnapshotLength = _store.Write(snapshot);
            // A crash here leaves the old journal behind the new snapshot: its entries are all at or before upTo, skipped.
            _journal ??= _store.OpenJournal();
            _journal.SetLength(0);
            _journal.Flush(flushToDisk: true);
            lock (_account.Gate) _pending.RemoveAll(p => p.Seq <= upTo);
            Volatile.Write(ref _saved, upTo);
            Compactions++;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The journal still holds everything; the next append tries again.
            LogCompactionFailed(_logger, ex);
        }
        finally
        {
            _writer.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IAM simulator: compacting the state journal failed; it keeps growing until a compaction succeeds")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception);

    public void Dispose()
    {
        _compaction.GetAwaiter().GetResult();
        _journal?.Dispose();
        _writer.Dispose();
    }
}

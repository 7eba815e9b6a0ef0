using System.Text.Json;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Audit;

/// <summary>
/// Appends one JSON object per line to "&lt;DataFolder&gt;/audit/audit-YYYY-MM-DD.jsonl" (UTC date of the
/// event), flushed to disk before RecordAsync returns (concurrent events share one flush), and logs the event. Guarantee: every line is whole and none is lost,
/// however many threads and processes append to one folder. .NET's FileMode.Append seeks to the end once at
/// open and does not use O_APPEND, so two open handles would overwrite each other; each append therefore
/// runs under a SemaphoreSlim (in process) and the folder's lock file (across processes), and opens the
/// file inside that lock, so it always starts at the true end.
/// </summary>
public sealed class JsonLinesAuditTrail : IAuditTrail, IDisposable
{
    private readonly string _folder;
    private readonly string _lockPath;
    private readonly TimeProvider _time;
    private readonly ILogger<JsonLinesAuditTrail> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public JsonLinesAuditTrail(IOptions<StorageOptions> storage, TimeProvider time, ILogger<JsonLinesAuditTrail> logger)
    {
        _folder = PrivateFiles.CreateFolder(Path.Combine(storage.Value.FullDataFolder, "audit")).FullName;
        _lockPath = Path.Combine(_folder, ".lock");
        _time = time;
        _logger = logger;
    }

    // Group commit: lines queued while one append-and-fsync runs are written together by the next one, so
    // concurrent turns share a disk flush; every caller still returns only after its own line is on disk.
    private readonly Lock _pendingLock = new();
    private readonly List<(long Seq, string Path, byte[] Line)> _pending = [];
    private long _lastQueued;
    private long _lastWritten;

    public void Dispose() => _gate.Dispose();

    /// <summary>Appends everything queued; called under the gate. On failure the lines stay queued for the next writer.</summary>
    private async Task WritePendingAsync()
    {
        List<(long Seq, string Path, byte[] Line)> batch;
        lock (_pendingLock)
        {
            batch = [.. _pending];
            _pending.Clear();
        }
        try
        {
            using var crossProcess = await FileLock.AcquireAsync(_lockPath, CancellationToken.None);
            await DiskThreads.RunAsync(() =>
            {
                foreach (var file in batch.GroupBy(b => b.Path))
                {
                    using var stream = new FileStream(file.Key, PrivateFiles.Open(FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
                    foreach (var (_, _, line) in file) stream.Write(line);
                    stream.Flush(flushToDisk: true);
                }
            });
            Volatile.Write(ref _lastWritten, batch[^1].Seq);
        }
        catch
        {
            lock (_pendingLock) _pending.InsertRange(0, batch);
            throw;
        }
    }

    public async Task RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Validate();
        var stamped = e.Time is null ? e with { Time = _time.GetUtcNow() } : e;
        var path = Path.Combine(_folder, $"audit-{stamped.Time!.Value.UtcDateTime:yyyy-MM-dd}.jsonl");
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(stamped, StateJson.Options), (byte)'\n'];

        long seq;
        lock (_pendingLock)
        {
            seq = ++_lastQueued;
            _pending.Add((seq, path, line));
        }
        // Once queued the line must reach the file, so the wait is not cancellable; it is short.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (Volatile.Read(ref _lastWritten) < seq) await WritePendingAsync();
        }
        finally
        {
            _gate.Release();
        }

        AuditLog.Recorded(_logger, stamped.Action, stamped.Outcome, stamped.Actor.Id, stamped.Actor.DisplayName, stamped.Actor.Email,
            stamped.IamUser, stamped.SerialNumber, stamped.IamRequestId, stamped.CorrelationId, stamped.Detail);
    }
}

using System.Text.Json;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Audit;

/// <summary>
/// Appends one JSON object per line to "&lt;DataFolder&gt;/audit/audit-YYYY-MM-DD.jsonl" (UTC date of the
/// event), flushed to disk per event, and logs the event. Guarantee: every line is whole and none is lost,
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

    public void Dispose() => _gate.Dispose();

    public async Task RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Validate();
        var stamped = e.Time is null ? e with { Time = _time.GetUtcNow() } : e;
        var path = Path.Combine(_folder, $"audit-{stamped.Time!.Value.UtcDateTime:yyyy-MM-dd}.jsonl");
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(stamped, StateJson.Options), (byte)'\n'];

        await _gate.WaitAsync(cancellationToken);
        try
        {
            using var crossProcess = await FileLock.AcquireAsync(_lockPath, cancellationToken);
            // Past the lock the line is written whole: no cancellation between open and flush.
            using var stream = new FileStream(path, PrivateFiles.Open(FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
        finally
        {
            _gate.Release();
        }

        AuditLog.Recorded(_logger, stamped.Action, stamped.Outcome, stamped.Actor.Id, stamped.Actor.DisplayName, stamped.Actor.Email,
            stamped.IamUser, stamped.SerialNumber, stamped.IamRequestId, stamped.CorrelationId, stamped.Detail);
    }
}

using System.Text.Json;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Audit;

/// <summary>
/// Appends one JSON object per line to "&lt;DataFolder&gt;/audit/audit-YYYY-MM-DD.jsonl" (UTC date of the
/// event), flushed to disk before RecordAsync returns (concurrent events share one flush), and logs the event. Only
/// the legacy File provider uses it; Sqlite and Postgres keep the trail in a table (Audit/Table). Guarantee: every line is whole and none is lost,
/// however many threads and processes append to one folder. .NET's FileMode.Append seeks to the end once at
/// open and does not use O_APPEND, so two open handles would overwrite each other; each append therefore
/// runs under the group commit's gate (in process) and the folder's lock file (across processes), and opens the
/// file inside that lock, so it always starts at the true end.
/// </summary>
public sealed class JsonLinesAuditTrail : IAuditTrail, IDisposable
{
    private readonly string _folder;
    private readonly string _lockPath;
    private readonly TimeProvider _time;
    private readonly ILogger<JsonLinesAuditTrail> _logger;
    private readonly GroupCommit<(string Path, byte[] Line)> _commits;

    public JsonLinesAuditTrail(IOptions<StorageOptions> storage, TimeProvider time, ILogger<JsonLinesAuditTrail> logger)
    {
        _folder = PrivateFiles.CreateFolder(Path.Combine(storage.Value.FullDataFolder, "audit")).FullName;
        _lockPath = Path.Combine(_folder, ".lock");
        _time = time;
        _logger = logger;
        _commits = new GroupCommit<(string Path, byte[] Line)>(WriteAsync);
    }

    public void Dispose() => _commits.Dispose();

    /// <summary>Appends a batch under the folder's lock, so it always starts at the true end, and flushes it to disk.</summary>
    private async Task WriteAsync(IReadOnlyList<(string Path, byte[] Line)> batch)
    {
        using var crossProcess = await FileLock.AcquireAsync(_lockPath, CancellationToken.None);
        await DiskThreads.RunAsync(() =>
        {
            foreach (var file in batch.GroupBy(b => b.Path))
            {
                using var stream = new FileStream(file.Key, PrivateFiles.Open(FileMode.Append, FileAccess.Write, FileShare.ReadWrite));
                foreach (var (_, line) in file) stream.Write(line);
                stream.Flush(flushToDisk: true);
            }
        });
    }

    public async Task RecordAsync(AuditEvent e, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(e);
        e.Validate();
        var stamped = e.Time is null ? e with { Time = _time.GetUtcNow() } : e;
        var path = Path.Combine(_folder, $"audit-{stamped.Time!.Value.UtcDateTime:yyyy-MM-dd}.jsonl");
        byte[] line = [.. JsonSerializer.SerializeToUtf8Bytes(stamped, StateJson.Options), (byte)'\n'];

        await _commits.WriteAsync((path, line));

        AuditLog.Recorded(_logger, stamped.Action, stamped.Outcome, stamped.Actor.Id, stamped.Actor.DisplayName, stamped.Actor.Email,
            stamped.IamUser, stamped.SerialNumber, stamped.IamRequestId, stamped.CorrelationId, stamped.Detail);
    }
}

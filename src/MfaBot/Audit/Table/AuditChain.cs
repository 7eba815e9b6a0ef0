using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MfaBot.Audit.Table;

/// <summary>
/// The hash chain of the audit table: each row's hash is SHA-256 (hex) over the previous row's hash and the row's
/// canonical content, so an edit, a removal or a reorder made around the table's triggers shows at that row.
/// </summary>
public static class AuditChain
{
    /// <summary>The prev_hash of row 1.</summary>
    public static readonly string Genesis = new('0', 64);

    private const string Format = "mfabot-audit-v1";

    /// <summary>UTC, cut to whole microseconds: what both databases keep exactly, so a read-back hashes the same.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - ticks % 10, TimeSpan.Zero);
    }

    /// <summary>Fixed width and precision, so it is also the SQLite column's sort order.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        Normalize(time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>Rows for <paramref name="events"/> (stamped and normalized) following the row (<paramref name="lastId"/>, <paramref name="lastHash"/>).</summary>
    public static List<AuditRow> Link(long lastId, string lastHash, IEnumerable<AuditEvent> events)
    {
        var rows = new List<AuditRow>();
        foreach (var e in events)
        {
            var row = new AuditRow(++lastId, e, lastHash, Hash(lastHash, lastId, e));
            rows.Add(row);
            lastHash = row.Hash;
        }
        return rows;
    }

    /// <summary>
    /// SHA-256 over: format tag, previous hash, id, then every typed field in a fixed order, each length-prefixed
    /// (UTF-8 bytes) or marked absent, so no two different rows serialize alike.
    /// </summary>
    public static string Hash(string prevHash, long id, AuditEvent e)
    {
        var text = new StringBuilder();
        foreach (var field in new[]
                 {
                     Format, prevHash, id.ToString(CultureInfo.InvariantCulture), FormatTime(e.Time ?? throw new ArgumentException("The event has no time.", nameof(e))),
                     e.Actor.Id, e.Actor.DisplayName, e.Actor.Email, e.Action, e.Outcome.ToString(), e.IamUser, e.SerialNumber, e.IamRequestId,
                     e.CorrelationId, e.Detail,
                 })
        {
            text.Append(field is null ? "-;" : $"{Encoding.UTF8.GetByteCount(field)}:{field};");
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Walks every row in id order and stops at the first that breaks the chain.</summary>
    public static async Task<AuditVerification> VerifyAsync(IAuditTable table, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (count, lastId, lastHash) = (0L, 0L, Genesis);
        await foreach (var row in table.ReadAsync(null, null, ct))
        {
            var problem = row.Id != lastId + 1 ? $"id follows {lastId}: row(s) missing before it"
                : row.PrevHash != lastHash ? "prev_hash is not the previous row's hash"
                : row.Hash != Hash(row.PrevHash, row.Id, row.Event) ? "its content does not match its hash (edited)"
                : null;
            if (problem is not null) return new AuditVerification(count, row.Id, $"row {row.Id.ToString(CultureInfo.InvariantCulture)}: {problem}");
            (count, lastId, lastHash) = (count + 1, row.Id, row.Hash);
        }
        return new AuditVerification(count, null, null);
    }
}

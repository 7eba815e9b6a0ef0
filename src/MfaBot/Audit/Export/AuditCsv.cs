using System.Globalization;
using CsvHelper;
using MfaBot.Audit.Table;
using MfaBot.Downloads;

namespace MfaBot.Audit.Export;

/// <summary>Audit rows as CSV (RFC 4180 by CsvHelper: CRLF, quoted where needed); text cells defused against formulas.</summary>
public static class AuditCsv
{
    private static readonly string[] Header =
        ["id", "time", "actor_id", "actor_name", "actor_email", "action", "outcome", "iam_user", "serial_number", "iam_request_id", "correlation_id", "detail", "hash"];

    /// <returns>The CSV and how many rows it holds.</returns>
    public static async Task<(string Csv, int Rows)> WriteAsync(IAsyncEnumerable<AuditRow> rows, CancellationToken ct)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var count = 0;
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in Header) csv.WriteField(header);
            await csv.NextRecordAsync();
            await foreach (var row in rows.WithCancellation(ct))
            {
                var e = row.Event;
                csv.WriteField(row.Id.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(AuditChain.FormatTime(e.Time!.Value));
                foreach (var cell in new[] { e.Actor.Id, e.Actor.DisplayName, e.Actor.Email, e.Action, e.Outcome.ToString(), e.IamUser, e.SerialNumber, e.IamRequestId, e.CorrelationId, e.Detail })
                    csv.WriteField(CsvCells.Safe(cell));
                csv.WriteField(row.Hash);
                await csv.NextRecordAsync();
                count++;
            }
        }
        return (text.ToString(), count);
    }
}

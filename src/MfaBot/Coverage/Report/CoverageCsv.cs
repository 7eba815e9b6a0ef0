using System.Globalization;
using CsvHelper;
using MfaBot.Downloads;

namespace MfaBot.Coverage.Report;

/// <summary>Everyone without MFA in the view, riskiest first, as CSV (times ISO 8601 UTC, for machines).</summary>
public static class CoverageCsv
{
    public static string Write(CoverageView view)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "user_name", "path", "reason", "console_password", "active_access_key", "privileged", "last_used", "created", "manager" })
                csv.WriteField(header);
            csv.NextRecord();
            foreach (var u in view.People)
            {
                var tags = view.Tags.GetValueOrDefault(u.UserName);
                var privilegedTag = tags?.Privileged == true;
                csv.WriteField(CsvCells.Safe(u.UserName));
                csv.WriteField(CsvCells.Safe(u.Path));
                csv.WriteField(u.Reason(privilegedTag));
                csv.WriteField(u.ConsolePassword switch { true => "yes", false => "no", null => "unknown" });
                csv.WriteField(u.ActiveAccessKey ? "yes" : "no");
                csv.WriteField(u.PrivilegedPath || privilegedTag ? "yes" : "no");
                csv.WriteField(Iso(u.LastUsed));
                csv.WriteField(Iso(u.Created));
                csv.WriteField(CsvCells.Safe(tags?.Manager));
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}

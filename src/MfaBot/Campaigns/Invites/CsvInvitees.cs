using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace MfaBot.Campaigns.Invites;

/// <summary>Reads an uploaded CSV: a header with "email" and optionally "deadline" (a date, or a date and time in UTC).</summary>
public static class CsvInvitees
{
    public sealed record Row(string Email, DateTimeOffset? Deadline);

    /// <returns>The rows, or the problem to tell the manager (then nothing is used).</returns>
    public static (List<Row> Rows, string? Problem) Read(byte[] bytes, int maxRows)
    {
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            PrepareHeaderForMatch = a => a.Header.Trim().ToLowerInvariant(),
            TrimOptions = TrimOptions.Trim,
            IgnoreBlankLines = true,
            DetectDelimiter = true,
            BadDataFound = null,
        };
        using var reader = new StringReader(new UTF8Encoding(false).GetString(bytes).TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, config);
        var rows = new List<Row>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { } header || !header.Any(h => h.Trim().Equals("email", StringComparison.OrdinalIgnoreCase)))
                return ([], "The CSV needs a header row with an **email** column (and optionally **deadline**).");
            var hasDeadline = header.Any(h => h.Trim().Equals("deadline", StringComparison.OrdinalIgnoreCase));
            while (csv.Read())
            {
                var line = csv.Parser.Row;
                var email = csv.GetField("email")?.Trim() ?? "";
                if (email.Length == 0) continue;
                if (!EmailList.IsEmail(email)) return ([], $"Line {line} of the CSV has \"{Clip(email)}\", which is not an email address.");
                DateTimeOffset? deadline = null;
                if (hasDeadline && csv.GetField("deadline") is { Length: > 0 } text)
                {
                    if (!TryDeadline(text, out var at)) return ([], $"Line {line} of the CSV has the deadline \"{Clip(text)}\"; use a date like 2026-06-30.");
                    deadline = at;
                }
                rows.Add(new Row(email, deadline));
                if (rows.Count > maxRows) return ([], $"The CSV has more than {maxRows} people; split it into smaller campaigns.");
            }
        }
        catch (CsvHelperException)
        {
            return ([], "I couldn't read that file as CSV. Save it as CSV (UTF-8) with an **email** header and try again.");
        }
        return (rows, null);
    }

    /// <summary>A date means the end of that day (UTC); a date and time is taken as UTC unless it names an offset.</summary>
    public static bool TryDeadline(string text, out DateTimeOffset deadline)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            deadline = new DateTimeOffset(day.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
            return true;
        }
        return DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out deadline);
    }

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";
}

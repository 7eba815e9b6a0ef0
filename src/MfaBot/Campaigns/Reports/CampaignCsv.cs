using System.Globalization;
using CsvHelper;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Downloads;

namespace MfaBot.Campaigns.Reports;

/// <summary>The campaign as CSV: one row per person with state, reason and dates (UTC, ISO 8601).</summary>
public static class CampaignCsv
{
    public static string Write(Campaign campaign, IEnumerable<Invitee> invitees, DateTimeOffset now)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            foreach (var header in new[] { "email", "name", "state", "reason", "overdue", "deadline", "invited_at", "reminders", "snoozes", "enrolled_at" })
                csv.WriteField(header);
            csv.NextRecord();
            foreach (var i in invitees)
            {
                var deadline = i.DeadlineIn(campaign);
                csv.WriteField(Safe(i.Email));
                csv.WriteField(Safe(i.Name));
                csv.WriteField(i.AlreadyEnrolled ? "already enrolled" : i.State.ToString().ToLowerInvariant());
                csv.WriteField(i.Reason is null ? "" : CampaignCards.Describe(i.Reason));
                csv.WriteField(i.IsOverdue(campaign, now) ? "yes" : "no");
                csv.WriteField(Iso(deadline));
                csv.WriteField(Iso(i.InvitedAt));
                csv.WriteField(i.Reminders);
                csv.WriteField(i.Snoozes);
                csv.WriteField(Iso(i.EnrolledAt));
                csv.NextRecord();
            }
        }
        return text.ToString();
    }

    private static string Iso(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    /// <summary>Names come from chat profiles (<see cref="CsvCells.Safe"/>).</summary>
    private static string Safe(string? value) => CsvCells.Safe(value);
}

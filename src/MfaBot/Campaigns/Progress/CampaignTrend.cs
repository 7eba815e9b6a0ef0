using MfaBot.Campaigns.Model;
using MfaBot.Charts;

namespace MfaBot.Campaigns.Progress;

/// <summary>
/// The campaign's trend, from what its invitees already record: per UTC day since it started, who had MFA by the end
/// of that day (enrolled then, or before the campaign) and who had not. The target is everyone invited.
/// </summary>
public static class CampaignTrend
{
    public static (List<TrendPoint> Points, DateOnly First, DateOnly Last) Of(Campaign campaign, IReadOnlyList<Invitee> invitees, DateTimeOffset now)
    {
        var last = Day(now);
        // At most the chart's 90 days; a longer campaign shows its latest.
        var first = Max(Day(campaign.CreatedAt), last.AddDays(-89));
        if (first > last) first = last;
        var enrolledOn = invitees.Where(i => i.State == InviteeState.Enrolled)
            .Select(i => i.AlreadyEnrolled || i.EnrolledAt is null ? first : Max(first, Day(i.EnrolledAt.Value))).ToList();
        var points = new List<TrendPoint>();
        for (var day = first; day <= last; day = day.AddDays(1))
        {
            var enrolled = enrolledOn.Count(d => d <= day);
            points.Add(new TrendPoint(day, enrolled, invitees.Count - enrolled));
        }
        return (points, first, last);
    }

    private static DateOnly Day(DateTimeOffset t) => DateOnly.FromDateTime(t.UtcDateTime);

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}

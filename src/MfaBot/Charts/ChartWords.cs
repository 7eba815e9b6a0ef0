using System.Globalization;

namespace MfaBot.Charts;

/// <summary>The charts' alt texts: the numbers a reader who cannot see the picture needs, in a sentence.</summary>
public static class ChartWords
{
    /// <summary>e.g. "Coverage over 90 days: 412 of 500 people have MFA today, up from 300 on 2026-09-07. Target: 95% (475)."</summary>
    /// <param name="target">The target line's legend text, "Target: 95% (475)".</param>
    public static string Trend(string what, IReadOnlyList<TrendPoint> points, string? target)
    {
        var last = points[^1];
        var text = $"{what}: {last.Enrolled} of {last.Enrolled + last.Without} people have MFA today";
        if (points.Count > 1)
        {
            var first = points[0];
            var change = last.Enrolled > first.Enrolled ? "up from" : last.Enrolled < first.Enrolled ? "down from" : "as on";
            text += $", {change} {first.Enrolled} on {first.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
        }
        else
        {
            text += " (the first day)";
        }
        return text + "." + (target is null ? "" : $" {target}.");
    }

    /// <summary>e.g. "MFA by team: lynner@example.com 31 with MFA, 24 without; meganb@example.com 80 with MFA, 19 without."</summary>
    public static string Teams(string what, IReadOnlyList<TeamBar> teams)
    {
        var shown = teams.Take(TeamBarChart.MaxTeams).Select(t => $"{t.Team} {t.Enrolled} with MFA, {t.Without} without");
        var more = teams.Count > TeamBarChart.MaxTeams ? $" ({teams.Count - TeamBarChart.MaxTeams} more teams not drawn)" : "";
        return $"{what}: {string.Join("; ", shown)}{more}.";
    }
}

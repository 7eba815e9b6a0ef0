using MfaBot.Charts;

namespace MfaBot.Tests.Charts;

/// <summary>Fixed demo data for the README's pictures: 500 people, 90 days of a campaign taking coverage from 300 to 412.</summary>
public static class ChartDemo
{
    public static readonly DateOnly Today = new(2026, 12, 5);

    public static List<TrendPoint> Trend() =>
        [.. Enumerable.Range(0, 90).Select(d =>
        {
            var enrolled = 300 + (int)Math.Round(112 * Math.Pow(d / 89.0, 0.7));
            return new TrendPoint(Today.AddDays(d - 89), enrolled, 500 - enrolled);
        })];

    public static List<TeamBar> Teams() =>
    [
        new("lynner@example.com", 31, 24), new("meganb@example.com", 80, 19), new("(no manager tag)", 44, 17),
        new("diegos@example.com", 62, 12), new("adelev@example.com", 95, 9), new("alexw@example.com", 100, 7),
    ];
}

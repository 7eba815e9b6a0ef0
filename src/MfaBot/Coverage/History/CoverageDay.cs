using System.Globalization;

namespace MfaBot.Coverage.History;

/// <summary>
/// One day's coverage counts, under "coverage-history/yyyy-MM-dd" (the UTC day). Counts only: no names, so a year of
/// them says nothing about a person. Deleted by the janitor after <see cref="Kept"/>.
/// </summary>
public sealed record CoverageDay(DateOnly Day, int Humans, int WithMfa, DateTimeOffset TakenAt, DateTimeOffset ExpiresAt)
{
    public const string Prefix = "coverage-history/";

    /// <summary>A year and a day, so the same day last year is still there to compare with.</summary>
    public static readonly TimeSpan Kept = TimeSpan.FromDays(366);

    public int Without => Humans - WithMfa;

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    public static string KeyFor(DateOnly day) => Prefix + day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static CoverageDay Of(int humans, int withMfa, DateTimeOffset now)
    {
        var day = DayOf(now);
        return new CoverageDay(day, humans, withMfa, now, new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + Kept);
    }
}

using System.Globalization;

namespace MfaBot.Coverage.Digest;

/// <summary>
/// Which week it is where the digest's readers are, and when this week's digest is due. Weeks are ISO weeks (Monday to
/// Sunday) of the local calendar, so "2026-W49" names the same week on every instance whatever its own zone.
/// </summary>
public sealed record DigestSchedule(string Week, DateTimeOffset Due)
{
    public static DigestSchedule At(DateTimeOffset now, DayOfWeek day, TimeOnly time, TimeZoneInfo zone)
    {
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        var (year, week) = (ISOWeek.GetYear(today), ISOWeek.GetWeekOfYear(today));
        var due = ToUtc(ISOWeek.ToDateTime(year, week, day) + time.ToTimeSpan(), zone);
        return new DigestSchedule($"{year:D4}-W{week:D2}", due);
    }

    /// <summary>
    /// The instant a local wall-clock time names. A time skipped by the spring change (02:30 in Berlin) is read with the
    /// offset before the jump, i.e. the moment the clock passed it (03:30 new time); a time that happens twice in the
    /// autumn is its first occurrence.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        var offset = zone.IsInvalidTime(local) ? zone.GetUtcOffset(local.AddDays(-1))
            : zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max()
            : zone.GetUtcOffset(local);
        return new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset).ToUniversalTime();
    }
}

using MfaBot.Coverage.Digest;

namespace MfaBot.Tests.Coverage.Digest;

/// <summary>When a weekly digest is due, in its readers' zone: daylight saving time, its gaps and repeats, ISO weeks.</summary>
public sealed class DigestScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 12, 9, "2026-W50", 2026, 12, 7, 8)] // winter: 09:00 CET is 08:00 UTC
    [InlineData(2026, 7, 1, "2026-W27", 2026, 6, 29, 7)] // summer: 09:00 CEST is 07:00 UTC
    [InlineData(2027, 1, 1, "2026-W53", 2026, 12, 28, 8)] // 1 January 2027 is in the last ISO week of 2026
    public void Monday_0900_in_Berlin_is_due_at_the_UTC_instant_of_that_week(int y, int m, int d, string week, int dy, int dm, int dd, int dueHour)
    {
        var schedule = DigestSchedule.At(Utc(y, m, d, 12), DayOfWeek.Monday, new TimeOnly(9, 0), Berlin);

        Assert.Equal(week, schedule.Week);
        Assert.Equal(Utc(dy, dm, dd, dueHour), schedule.Due);
    }

    [Fact]
    public void The_week_is_the_local_one_not_the_UTC_one()
    {
        // Sunday 6 December 2026, 23:30 UTC is already Monday 00:30 in Berlin: the new week, whose 09:00 is ahead.
        var schedule = DigestSchedule.At(Utc(2026, 12, 6, 23, 30), DayOfWeek.Monday, new TimeOnly(9, 0), Berlin);

        Assert.Equal("2026-W50", schedule.Week);
        Assert.Equal(Utc(2026, 12, 7, 8), schedule.Due);
    }

    [Fact]
    public void A_time_the_spring_change_skips_is_due_when_the_clock_passes_it()
    {
        // 28 March 2027: Berlin's clocks jump from 02:00 CET to 03:00 CEST, so 02:30 never shows; 01:30 UTC is 03:30 CEST.
        var schedule = DigestSchedule.At(Utc(2027, 3, 28, 12), DayOfWeek.Sunday, new TimeOnly(2, 30), Berlin);

        Assert.Equal(Utc(2027, 3, 28, 1, 30), schedule.Due);
    }

    [Fact]
    public void A_time_the_autumn_change_repeats_is_due_at_its_first_occurrence()
    {
        // 25 October 2026: 02:30 happens at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
        var schedule = DigestSchedule.At(Utc(2026, 10, 25, 12), DayOfWeek.Sunday, new TimeOnly(2, 30), Berlin);

        Assert.Equal(Utc(2026, 10, 25, 0, 30), schedule.Due);
    }
}

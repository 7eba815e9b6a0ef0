using System.Text.Json.Nodes;
using MfaBot.Conversation;

namespace MfaBot.Tests.Conversation;

public sealed class PersonTimeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 22, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("America/Los_Angeles", 15, "14:45")]
    [InlineData("Europe/Berlin", 75, "Sunday 6 December, 00:45")]
    [InlineData("Asia/Kolkata", 60 * 24, "Monday 7 December, 04:00")]
    public void A_known_zone_gives_the_local_clock_and_the_day_when_it_is_not_today(string zone, int minutesAhead, string expected) =>
        Assert.Equal(expected, PersonTime.Text(Now.AddMinutes(minutesAhead), PersonTime.Zone(zone, null), Now));

    [Theory]
    [InlineData(15, "in 15 minutes")]
    [InlineData(-1, "a minute ago")]
    [InlineData(0, "just now")]
    [InlineData(180, "in 3 hours")]
    [InlineData(60 * 24 * 3, "in 3 days")]
    public void Without_a_zone_the_text_says_how_far_away_the_time_is(int minutesAhead, string expected) =>
        Assert.Equal(expected, PersonTime.Text(Now.AddMinutes(minutesAhead), null, Now));

    [Theory]
    [InlineData(60 * 24 * 60, "in 2 months")]
    [InlineData(-60 * 24 * 400, "13 months ago")]
    [InlineData(-60 * 24 * 800, "2 years ago")]
    public void Far_times_without_a_zone_count_months_and_years(int minutesAhead, string expected) =>
        Assert.Equal(expected, PersonTime.Text(Now.AddMinutes(minutesAhead), null, Now));

    [Theory]
    [InlineData("Asia/Tokyo", 15, "at 07:45")]
    [InlineData("America/Los_Angeles", 15, "at 14:45")]
    [InlineData("Asia/Tokyo", -60, "at 06:30")]
    [InlineData("America/Los_Angeles", 60 * 24, "on Sunday 6 December at 14:30")]
    [InlineData(null, 15, "in 15 minutes")]
    [InlineData(null, -180, "3 hours ago")]
    public void When_reads_in_a_sentence(string? zone, int minutesAhead, string expected) =>
        Assert.Equal(expected, PersonTime.When(Now.AddMinutes(minutesAhead), PersonTime.Zone(zone, null), Now));

    [Theory]
    [InlineData("Asia/Tokyo", 0, "Sunday 6 December")]
    [InlineData("America/Los_Angeles", 0, "Saturday 5 December")]
    [InlineData("Asia/Tokyo", -60 * 24 * 400, "1 November 2025")]
    [InlineData(null, 60 * 24 * 14, "in 14 days")]
    public void A_day_is_the_persons_local_day_with_the_year_when_it_is_not_this_one(string? zone, int minutesAhead, string expected) =>
        Assert.Equal(expected, PersonTime.DayText(Now.AddMinutes(minutesAhead), PersonTime.Zone(zone, null), Now));

    [Fact]
    public void A_day_in_card_data_carries_the_instant_and_the_local_day_as_fallback()
    {
        var data = new JsonObject().WithDay("deadline", Now, PersonTime.Zone("Asia/Tokyo", null), Now);
        Assert.Equal("2026-12-05T22:30:00Z", data["deadline"]!.GetValue<string>());
        Assert.Equal(Now.ToUnixTimeSeconds(), data["deadlineUnix"]!.GetValue<long>());
        Assert.Equal("Sunday 6 December", data["deadlineText"]!.GetValue<string>());
    }

    [Fact]
    public void A_fixed_offset_stands_in_for_an_unknown_zone_name_and_nonsense_gives_no_zone()
    {
        Assert.Equal("14:45", PersonTime.Text(Now.AddMinutes(15), PersonTime.Zone("Not/AZone", TimeSpan.FromHours(-8)), Now));
        Assert.Null(PersonTime.Zone("Not/AZone", TimeSpan.FromHours(20)));
        Assert.Null(PersonTime.Zone(null, null));
    }

    [Fact]
    public void Card_data_carries_the_instant_for_the_client_and_a_fallback_text_and_never_says_utc()
    {
        var data = new JsonObject().With("expiresAt", Now.AddMinutes(15), null, Now);
        Assert.Equal("2026-12-05T22:45:00Z", data["expiresAt"]!.GetValue<string>());
        Assert.Equal(Now.AddMinutes(15).ToUnixTimeSeconds(), data["expiresAtUnix"]!.GetValue<long>());
        Assert.Equal("in 15 minutes", data["expiresAtText"]!.GetValue<string>());
        Assert.DoesNotContain("UTC", data.ToJsonString(), StringComparison.Ordinal);
    }
}

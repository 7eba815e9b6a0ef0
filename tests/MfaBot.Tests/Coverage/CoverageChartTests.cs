using System.Globalization;
using MfaBot.Coverage.History;
using MfaBot.Tests.Charts;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using static MfaBot.Tests.Coverage.CoverageChatTests;

namespace MfaBot.Tests.Coverage;

/// <summary>
/// The charts on the coverage card, through the Teams channel: the numbers in the alt text, the PNG served behind the
/// card's URL, and the history an answer leaves behind (the demo account: 4 human users, nobody with MFA at first).
/// </summary>
public sealed class CoverageChartTests
{
    private static async Task<(string Alt, byte[] Png)> ChartAsync(EnrollmentHarness h, string text)
    {
        var card = TestConnector.CardOf(await AskAsync(h, h.Chat(), text))!;
        var (url, alt) = CardCharts.ImageOf(card);
        return (alt, await CardCharts.FetchAsync(h.Bot, url));
    }

    [Fact]
    public async Task The_card_draws_the_trend_with_today_and_the_first_day_in_its_alt_text_and_by_team_the_bars()
    {
        // Without a public address the charts come inline (and so does the QR code the enrollment below scans).
        await using var h = await StartAsync(Settings(("PublicBaseUrl", "")));
        var firstDay = CoverageDay.DayOf(h.Clock.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        var (alt, png) = await ChartAsync(h, "coverage");
        Assert.Equal("Coverage over 90 days: 0 of 4 people have MFA today (the first day). Target: 100% (4).", alt);
        Assert.Equal((960, 540), PngFile.AssertChart(png));

        // The next day Alex enrolls: the trend has two days and says where it started.
        h.Clock.Advance(TimeSpan.FromDays(1));
        await h.EnrollAsync(h.Chat());

        (alt, png) = await ChartAsync(h, "coverage");
        Assert.Equal($"Coverage over 90 days: 1 of 4 people have MFA today, up from 0 on {firstDay}. Target: 100% (4).", alt);
        PngFile.AssertChart(png);
        PngFile.AssertBothSeries(png);
        Assert.Equal(2, await h.Store.ListKeysAsync(CoverageDay.Prefix, CancellationToken.None).CountAsync());

        // By team: Alex (manager tag meganb) now counts on the "with MFA" side of Megan's team.
        (alt, png) = await ChartAsync(h, "coverage by team");
        Assert.Equal("MFA by team: (no manager tag) 0 with MFA, 3 without; meganb@example.com 1 with MFA, 0 without.", alt);
        PngFile.AssertChart(png);
        PngFile.AssertBothSeries(png);
    }

    [Fact]
    public async Task One_managers_view_has_no_chart_and_with_a_public_address_the_chart_is_served_behind_the_cards_url()
    {
        await using var h = await StartAsync();
        var team = TestConnector.CardOf(await AskAsync(h, h.Chat(), "coverage team meganb@example.com"))!;
        Assert.Equal("MFA coverage: reports of meganb@example.com", CoverageCardReading.Title(team));
        Assert.False(CardCharts.HasImage(team));

        var card = TestConnector.CardOf(await AskAsync(h, h.Chat(), "coverage"))!;
        var (url, alt) = CardCharts.ImageOf(card);
        Assert.StartsWith("https://bot.example.com/card-images/", url, StringComparison.Ordinal);
        Assert.StartsWith("Coverage over 90 days: 0 of 4 people have MFA today", alt, StringComparison.Ordinal);
        PngFile.AssertChart(await CardCharts.FetchAsync(h.Bot, url));
    }
}

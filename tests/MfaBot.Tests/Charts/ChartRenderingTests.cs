using System.Diagnostics;
using MfaBot.Charts;
using MfaBot.Tests.Cards;
using Xunit.Abstractions;

namespace MfaBot.Tests.Charts;

/// <summary>
/// The charts as PNGs: decodable, sized for a Teams card, with text drawn by the bundled face. With
/// MFABOT_WRITE_DOC_CHARTS=1 the demo charts are written to docs/ for the README.
/// </summary>
public sealed class ChartRenderingTests(ITestOutputHelper output)
{
    public const string TrendPicture = "docs/coverage-trend.png";
    public const string TeamsPicture = "docs/coverage-by-team.png";

    public static byte[] DemoTrend() => TrendChart.Render("MFA coverage, last 90 days", ChartDemo.Trend(), ChartDemo.Today.AddDays(-89), ChartDemo.Today, 475, "Target: 95% (475)");

    public static byte[] DemoTeams() => TeamBarChart.Render("MFA by team", ChartDemo.Teams());

    [Fact]
    public void The_trend_and_the_team_bars_are_pngs_that_fit_a_teams_card()
    {
        Assert.Equal((ChartStyle.Width, ChartStyle.Height), PngFile.AssertChart(DemoTrend()));
        Assert.Equal((ChartStyle.Width, TeamBarChart.Height(6)), PngFile.AssertChart(DemoTeams()));
        PngFile.AssertBothSeries(DemoTrend());
        PngFile.AssertBothSeries(DemoTeams());
        if (Environment.GetEnvironmentVariable("MFABOT_WRITE_DOC_CHARTS") == "1")
        {
            File.WriteAllBytes(RepoFiles.PathOf(TrendPicture), DemoTrend());
            File.WriteAllBytes(RepoFiles.PathOf(TeamsPicture), DemoTeams());
        }
    }

    [Fact]
    public void A_single_reading_and_no_teams_still_render()
    {
        var day = new DateOnly(2026, 12, 6);
        var one = TrendChart.Render("One day", [new TrendPoint(day, 1, 4)], day.AddDays(-89), day, 5, "Target: 100% (5)");
        PngFile.AssertChart(one);
        PngFile.AssertBothSeries(one);
        PngFile.AssertChart(TeamBarChart.Render("No teams", []));
    }

    [Fact]
    public void Text_is_drawn_with_the_bundled_face_not_whatever_the_machine_has()
    {
        var day = new DateOnly(2026, 12, 6);
        var a = TrendChart.Render("Coverage A", [new TrendPoint(day, 1, 3)], day.AddDays(-89), day, null, null);
        var b = TrendChart.Render("Coverage B", [new TrendPoint(day, 1, 3)], day.AddDays(-89), day, null, null);
        // The face comes from the assembly (first resolver), and text is drawn: titles differing in one letter differ in pixels.
        // Not disposed: it is the process's shared face.
        var face = ScottPlot.Fonts.FontResolvers[0].CreateTypeface(ChartFonts.Name, false, false);
        Assert.Equal("DejaVu Sans", face?.FamilyName);
        Assert.Equal(ChartFonts.Name, ScottPlot.Fonts.Default);
        Assert.InRange(PngFile.DifferentPixels(a, b), 0.0001, 0.05);
    }

    [Fact]
    public void Rendering_a_chart_takes_well_under_the_answer_budget()
    {
        DemoTrend();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 5; i++) DemoTrend();
        var trend = watch.Elapsed / 5;
        watch.Restart();
        for (var i = 0; i < 5; i++) DemoTeams();
        var teams = watch.Elapsed / 5;
        output.WriteLine($"trend {trend.TotalMilliseconds:0} ms, teams {teams.TotalMilliseconds:0} ms per chart");
        Assert.True(trend < TimeSpan.FromMilliseconds(500) && teams < TimeSpan.FromMilliseconds(500), $"trend {trend}, teams {teams}");
    }
}

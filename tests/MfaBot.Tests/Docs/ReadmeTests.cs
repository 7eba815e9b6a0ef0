using System.Text.RegularExpressions;
using MfaBot.Hosting;
using MfaBot.Tests.Cards;
using MfaBot.Tests.Charts;

namespace MfaBot.Tests.Docs;

/// <summary>The README is the front door: what it shows and links to exists, and its commands are the real ones.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepoFiles.PathOf("README.md"));

    [Fact]
    public void Every_picture_and_local_link_in_the_readme_exists()
    {
        var targets = LocalLink().Matches(Readme).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.All(targets, t => Assert.True(File.Exists(RepoFiles.PathOf(t)) || Directory.Exists(RepoFiles.PathOf(t)), $"README links to {t}, which is missing"));
    }

    [Fact]
    public void The_two_minute_try_shows_the_four_pictures_the_end_to_end_tests_take()
    {
        var start = Readme.IndexOf("## Try it in two minutes", StringComparison.Ordinal);
        Assert.True(start >= 0, "the README has no two-minute try");
        var end = Readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var tryIt = Readme[start..(end < 0 ? Readme.Length : end)];
        // Written by tests/MfaBot.EndToEnd from the playground's renderer (EndToEndSession.PictureAsync), so they cannot drift.
        var shown = LocalLink().Matches(tryIt).Select(m => m.Groups[1].Value).Where(t => t.StartsWith("docs/screenshots/", StringComparison.Ordinal));
        string[] pictures = ["welcome", "qr-card", "success", "helpdesk-card"];
        Assert.Equal(pictures, shown.Select(t => Path.GetFileNameWithoutExtension(t)));
        var endToEnd = string.Concat(Directory.GetFiles(RepoFiles.PathOf("tests", "MfaBot.EndToEnd"), "*.cs", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.All(pictures, p => Assert.Contains($"PictureAsync(\"{p}\"", endToEnd, StringComparison.Ordinal));
    }

    [Fact]
    public void The_readme_opens_with_the_two_commands_and_the_playground_the_tests_pin()
    {
        var commands = Readme.IndexOf("## The two commands", StringComparison.Ordinal);
        Assert.InRange(commands, 0, Readme.IndexOf("## Try it", StringComparison.Ordinal));
        Assert.True(Readme.IndexOf("## Testing", StringComparison.Ordinal) > Readme.IndexOf("## Production", StringComparison.Ordinal), "testing comes last");
        Assert.Contains("npx -y " + DevelopmentWelcome.PlaygroundPackage + " -e http://localhost:3978/api/messages", Readme, StringComparison.Ordinal);
        Assert.Contains("dotnet run --project src/MfaBot ", Readme, StringComparison.Ordinal);
        Assert.Contains("./test.sh ", Readme, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChartRenderingTests.TrendPicture)]
    [InlineData(ChartRenderingTests.TeamsPicture)]
    public void The_coverage_section_shows_charts_the_renderer_draws_from_the_demo_data(string picture)
    {
        var start = Readme.IndexOf("## Coverage", StringComparison.Ordinal);
        var coverage = Readme[start..Readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];
        Assert.Contains($"]({picture})", coverage, StringComparison.Ordinal);
        var committed = File.ReadAllBytes(RepoFiles.PathOf(picture));
        var drawn = picture == ChartRenderingTests.TrendPicture ? ChartRenderingTests.DemoTrend() : ChartRenderingTests.DemoTeams();
        Assert.Equal(PngFile.AssertChart(drawn), PngFile.AssertChart(committed));
        // Same picture, allowing for anti-aliasing that may differ between machines.
        Assert.InRange(PngFile.DifferentPixels(committed, drawn), 0, 0.01);
    }

    [GeneratedRegex(@"\]\(((?:docs|deploy|manifest|src|tests)/[^)#\s]+)")]
    private static partial Regex LocalLink();
}

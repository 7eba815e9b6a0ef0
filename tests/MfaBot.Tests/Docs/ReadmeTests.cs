using System.Text.RegularExpressions;
using MfaBot.Hosting;
using MfaBot.Tests.Cards;

namespace MfaBot.Tests.Docs;

/// <summary>The README is the front door: what it shows and links to exists, and its commands are the real ones.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(RepoFiles.PathOf("README.md"));

    [Fact]
    public void Every_picture_and_local_link_in_the_readme_exists()
    {
        var targets = LocalLink().Matches(Readme).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("docs/screenshots/welcome.png", targets);
        Assert.All(targets, t => Assert.True(File.Exists(RepoFiles.PathOf(t)) || Directory.Exists(RepoFiles.PathOf(t)), $"README links to {t}, which is missing"));
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

    [GeneratedRegex(@"\]\(((?:docs|deploy|manifest|src|tests)/[^)#\s]+)")]
    private static partial Regex LocalLink();
}

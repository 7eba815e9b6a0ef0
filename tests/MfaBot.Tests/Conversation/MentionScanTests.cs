using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MfaBot.Channels.BotFramework.Bridge;
using MfaBot.Channels.Slack.Rendering;

namespace MfaBot.Tests.Conversation;

/// <summary>
/// Mentions are removed by one forward scan on both channels. The patterns they replace are kept here as the
/// reference: on short random texts both must read the same; on long hostile texts the scan's work must grow with
/// the length, not with its square.
/// </summary>
public sealed partial class MentionScanTests
{
    [Theory]
    [InlineData("<at>MfaBot</at> enroll", "enroll")]
    [InlineData("<AT>MfaBot</At>help", "help")]
    [InlineData("a<at>b</at>c<at>d", "a c<at>d")]
    [InlineData("<at><at></at></at>", "</at>")]
    [InlineData("<at>MfaBot</at>", "")]
    public void Teams_mentions_become_spaces_up_to_the_nearest_closing_tag(string text, string expected) =>
        Assert.Equal(expected, TeamsMentions.Strip(text));

    [Fact]
    public void Both_scans_read_random_texts_exactly_as_the_patterns_they_replace()
    {
        var random = new Random(14);
        string[] teamsPieces = ["<at>", "</at>", "<AT>", "</At>", "<at", "at>", "x", " "];
        string[] slackPieces = ["<", ">", "@", "U1", "|", "a", " ", "&lt;", "<@U2>"];
        for (var i = 0; i < 5_000; i++)
        {
            var teams = Random(random, teamsPieces);
            Assert.Equal(TeamsPattern().Replace(teams, " ").Trim(), TeamsMentions.Strip(teams));
            var slack = Random(random, slackPieces);
            var (text, mentions) = SlackText.ReadTyped(slack);
            var expected = SlackReference(slack);
            Assert.Equal(expected.Text, text);
            Assert.Equal(expected.Mentions, mentions);
        }
    }

    [Theory]
    [InlineData("teams", "<at>")]
    [InlineData("slack", "<@U1")]
    [InlineData("slack", "<a")]
    public void Work_grows_linearly_with_the_length_of_a_hostile_text(string channel, string unit)
    {
        Func<string, object> scan = channel == "teams" ? TeamsMentions.Strip : t => SlackText.ReadTyped(t);
        var small = string.Concat(Enumerable.Repeat(unit, 10_000 / unit.Length));
        var large = string.Concat(Enumerable.Repeat(unit, 250_000 / unit.Length));

        // The same number of characters either way: 25 texts of 10 KB, or one of 250 KB. Quadratic work would make
        // the large one about 25 times slower; linear work keeps them alike. Best of several runs, against noise.
        var manySmall = Fastest(() =>
        {
            for (var i = 0; i < 25; i++) scan(small);
        });
        var oneLarge = Fastest(() => scan(large));

        Assert.True(oneLarge < manySmall * 5 + TimeSpan.FromMilliseconds(20), $"250 KB took {oneLarge.TotalMilliseconds} ms, 25 × 10 KB took {manySmall.TotalMilliseconds} ms");
    }

    private static TimeSpan Fastest(Action work)
    {
        var best = TimeSpan.MaxValue;
        for (var i = 0; i < 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            work();
            var took = Stopwatch.GetElapsedTime(started);
            if (took < best) best = took;
        }
        return best;
    }

    private static string Random(Random random, string[] pieces)
    {
        var text = new StringBuilder();
        for (var n = random.Next(12); n > 0; n--) text.Append(pieces[random.Next(pieces.Length)]);
        return text.ToString();
    }

    /// <summary>The Slack reading as it was: tokens by pattern, then the entities decoded.</summary>
    private static (string Text, List<string> Mentions) SlackReference(string text)
    {
        var mentions = new List<string>();
        var plain = SlackPattern().Replace(text, match =>
        {
            var inner = match.Groups[1].Value;
            var bar = inner.IndexOf('|', StringComparison.Ordinal);
            var target = bar < 0 ? inner : inner[..bar];
            if (!target.StartsWith('@')) return bar < 0 ? target : inner[(bar + 1)..];
            if (!mentions.Contains(target[1..])) mentions.Add(target[1..]);
            return " ";
        });
        return (SlackText.Unescape(plain).Trim(), mentions);
    }

    [GeneratedRegex("<at>.*?</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex TeamsPattern();

    [GeneratedRegex("<([^<>]{1,4000})>")]
    private static partial Regex SlackPattern();
}

using System.Text.RegularExpressions;

namespace MfaBot.Channels.Slack.Rendering;

/// <summary>Slack's mrkdwn in both directions: escaping what the bot says, reading what a person typed.</summary>
public static partial class SlackText
{
    /// <summary>Escapes &amp;, &lt; and &gt; (so no text can become a mention or link) and turns **bold** into *bold*.</summary>
    public static string FromMarkdown(string text) => Bold().Replace(Escape(text), "*$1*");

    public static string Escape(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    /// <summary>
    /// What a person typed, as plain text: user mentions (&lt;@U123&gt; or &lt;@U123|name&gt;) are returned separately
    /// and removed, links become their label (or URL), and Slack's three entities are decoded.
    /// </summary>
    public static (string Text, IReadOnlyList<string> MentionedUserIds) ReadTyped(string text)
    {
        var mentions = new List<string>();
        var plain = Token().Replace(text, match =>
        {
            var inner = match.Groups[1].Value;
            var bar = inner.IndexOf('|', StringComparison.Ordinal);
            var target = bar < 0 ? inner : inner[..bar];
            if (target.StartsWith('@'))
            {
                if (!mentions.Contains(target[1..])) mentions.Add(target[1..]);
                return " ";
            }
            return bar < 0 ? target : inner[(bar + 1)..];
        });
        return (Unescape(plain).Trim(), mentions);
    }

    /// <summary>Decodes Slack's three entities, the reverse of <see cref="Escape"/>.</summary>
    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex Bold();

    [GeneratedRegex(@"<([^<>]{1,4000})>", RegexOptions.None, matchTimeoutMilliseconds: 100)]
    private static partial Regex Token();
}

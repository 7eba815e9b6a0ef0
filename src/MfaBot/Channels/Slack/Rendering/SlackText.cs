using System.Text;
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
    /// and removed, links become their label (or URL), and Slack's three entities are decoded. One forward scan:
    /// a backtracking pattern over text a person controls can cost time quadratic in its length.
    /// </summary>
    public static (string Text, IReadOnlyList<string> MentionedUserIds) ReadTyped(string text)
    {
        var mentions = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var plain = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf('<', at);
            if (open < 0) break;
            var end = text.IndexOfAny(TokenEdges, open + 1);
            if (end < 0) break;
            plain.Append(text, at, open - at);
            var inner = text.AsSpan(open + 1, end - open - 1);
            if (text[end] != '>' || inner.Length is 0 or > MaxTokenLength)
            {
                // Not a token: the '<' is text, and scanning goes on from the next edge.
                plain.Append(text, open, end - open);
                at = end;
                continue;
            }
            plain.Append(TokenText(inner.ToString(), mentions, seen));
            at = end + 1;
        }
        plain.Append(text, at, text.Length - at);
        return (Unescape(plain.ToString()).Trim(), mentions);
    }

    private static readonly char[] TokenEdges = ['<', '>'];
    private const int MaxTokenLength = 4000;

    /// <summary>What a &lt;…&gt; token reads as: a space for a user mention (recorded), else a link's label or URL.</summary>
    private static string TokenText(string inner, List<string> mentions, HashSet<string> seen)
    {
        var bar = inner.IndexOf('|', StringComparison.Ordinal);
        var target = bar < 0 ? inner : inner[..bar];
        if (!target.StartsWith('@')) return bar < 0 ? target : inner[(bar + 1)..];
        if (seen.Add(target[1..])) mentions.Add(target[1..]);
        return " ";
    }

    /// <summary>Decodes Slack's three entities, the reverse of <see cref="Escape"/>.</summary>
    public static string Unescape(string text) =>
        text.Replace("&lt;", "<", StringComparison.Ordinal).Replace("&gt;", ">", StringComparison.Ordinal).Replace("&amp;", "&", StringComparison.Ordinal);

    [GeneratedRegex(@"\*\*(.+?)\*\*", RegexOptions.Singleline, matchTimeoutMilliseconds: 100)]
    private static partial Regex Bold();
}

using System.Text;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>
/// Teams puts "&lt;at&gt;Name&lt;/at&gt;" in the text for each mention (the bot's own in a channel). Removed by one forward
/// scan: a backtracking pattern over text a person controls ("&lt;at&gt;" repeated) costs time quadratic in its length.
/// </summary>
public static class TeamsMentions
{
    private const string Open = "<at>";
    private const string Close = "</at>";

    /// <summary>Each "&lt;at&gt;…&lt;/at&gt;" (case-insensitive, the nearest closing tag) becomes a space; the result is trimmed.</summary>
    public static string Strip(string text)
    {
        var builder = new StringBuilder(text.Length);
        var at = 0;
        while (at < text.Length)
        {
            var open = text.IndexOf(Open, at, StringComparison.OrdinalIgnoreCase);
            // No closing tag after this opening one means none after any later one either: the rest is plain text.
            var close = open < 0 ? -1 : text.IndexOf(Close, open + Open.Length, StringComparison.OrdinalIgnoreCase);
            if (close < 0) break;
            builder.Append(text, at, open - at).Append(' ');
            at = close + Close.Length;
        }
        return builder.Append(text, at, text.Length - at).ToString().Trim();
    }
}

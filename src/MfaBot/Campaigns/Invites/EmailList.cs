using System.Net.Mail;

namespace MfaBot.Campaigns.Invites;

/// <summary>Emails pasted into "invite a@x.com, b@x.com; …".</summary>
public static class EmailList
{
    private static readonly char[] Separators = [' ', ',', ';', '\n', '\r', '\t', '<', '>'];

    /// <returns>The emails, and the tokens that are not emails.</returns>
    public static (List<string> Emails, List<string> NotEmails) Parse(string text)
    {
        var emails = new List<string>();
        var bad = new List<string>();
        foreach (var token in text.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var t = token.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? token[7..] : token;
            (IsEmail(t) ? emails : bad).Add(t);
        }
        return (emails, bad);
    }

    public static bool IsEmail(string text) =>
        text.Length <= 254 && text.Count(c => c == '@') == 1 && text.IndexOf('@') > 0 && text.IndexOf('@') < text.Length - 1
        && !text.Any(char.IsWhiteSpace) && MailAddress.TryCreate(text, out var parsed) && parsed.Address == text;
}

using System.Globalization;

namespace MfaBot.Conversation;

/// <summary>
/// The cap on what a person types. Channel code checks it before parsing anything (mentions, links), so every later
/// step works on bounded text. A longer message is refused rather than cut: a cut list of invitees would silently
/// leave people out, and a cut command could mean something else.
/// </summary>
public static class TypedText
{
    /// <summary>Commands are a few words; this leaves room for a few hundred pasted email addresses.</summary>
    public const int MaxLength = 10_000;

    /// <summary><paramref name="parse"/>'s reading of <paramref name="typed"/>, or <see cref="OversizedText"/> without parsing it.</summary>
    public static TurnInput Read(string typed, Func<string, TurnInput> parse) =>
        typed.Length > MaxLength ? new OversizedText(typed.Length) : parse(typed);

    public static string TooLongReply(int length) => string.Create(CultureInfo.InvariantCulture,
        $"Your message is {length:N0} characters long and I read at most {MaxLength:N0}, so I didn't act on it. Please send a shorter message; to invite many people, attach a CSV file with an **email** column instead of pasting the addresses.");
}

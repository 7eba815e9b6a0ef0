using System.Text;
using MfaBot.Audit;

namespace MfaBot.Resets;

/// <summary>Reads free text typed into a card (the person's reason, a denial reason) into one safe line.</summary>
public static class ResetReason
{
    /// <returns>null when <paramref name="reason"/> holds usable text, else what to tell the person.</returns>
    public static string? TryRead(string? text, int maxLength, out string reason)
    {
        var line = new StringBuilder();
        foreach (var c in text ?? "")
        {
            var space = char.IsWhiteSpace(c) || char.IsControl(c);
            if (!space) line.Append(c);
            else if (line.Length > 0 && line[^1] != ' ') line.Append(' ');
        }
        reason = line.ToString().TrimEnd();
        if (reason.Length == 0) return "Please write a short reason in the box first.";
        if (reason.Length > maxLength) return $"Please keep the reason under {maxLength} characters (it has {reason.Length}).";
        // The reason is stored, shown to other people and audited: it must never carry a code or a key.
        if (SecretScrubber.LooksLikeSecret(reason)) return "Please don't put MFA codes, keys or other numbers that look like codes in the reason.";
        return null;
    }
}

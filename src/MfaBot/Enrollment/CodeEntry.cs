namespace MfaBot.Enrollment;

/// <summary>Reads a code as a person types it: exactly six ASCII digits, spaces allowed anywhere.</summary>
public static class CodeEntry
{
    /// <returns>null when the text is a well-formed code (in <paramref name="code"/>), else what to tell the person.</returns>
    public static string? TryRead(string? text, out string code)
    {
        code = "";
        var digits = new System.Text.StringBuilder(6);
        foreach (var c in text ?? "")
        {
            if (char.IsWhiteSpace(c)) continue;
            if (c is >= '0' and <= '9') digits.Append(c);
            else if (char.IsDigit(c)) return "Please type the codes with the digits 0–9 only; your keyboard entered other digit characters.";
            else return "A code is six digits from your authenticator app, with no letters or symbols.";
        }
        if (digits.Length == 0) return "Please enter both codes from your authenticator app.";
        if (digits.Length != 6) return $"Each code has exactly 6 digits; one of yours has {digits.Length}.";
        code = digits.ToString();
        return null;
    }
}

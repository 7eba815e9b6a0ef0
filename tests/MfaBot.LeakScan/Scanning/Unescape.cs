using System.Globalization;
using System.Text;

namespace MfaBot.LeakScan.Scanning;

/// <summary>Undoes the escapes JSON writers and URLs put on ASCII ('+' as \u002B or %2B, '/' as \/ or %2F), nothing else.</summary>
internal static class Unescape
{
    public static string Ascii(string text)
    {
        if (text.AsSpan().IndexOfAny('\\', '%') < 0) return text;
        var output = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var rest = text.AsSpan(i);
            if (rest.StartsWith("\\u00", StringComparison.Ordinal) && rest.Length >= 6 && Ascii(rest[4..6]) is { } u)
            {
                output.Append(u);
                i += 5;
            }
            else if (rest.StartsWith("\\/", StringComparison.Ordinal))
            {
                output.Append('/');
                i += 1;
            }
            else if (rest[0] == '%' && rest.Length >= 3 && Ascii(rest[1..3]) is { } p)
            {
                output.Append(p);
                i += 2;
            }
            else
            {
                output.Append(rest[0]);
            }
        }
        return output.ToString();
    }

    private static char? Ascii(ReadOnlySpan<char> hex) =>
        byte.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b) && b is > 0x1F and < 0x7F ? (char)b : null;
}

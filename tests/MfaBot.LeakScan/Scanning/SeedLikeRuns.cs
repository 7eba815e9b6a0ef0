using MfaBot.Otp;

namespace MfaBot.LeakScan.Scanning;

/// <summary>
/// Seeds nobody recorded: a run of at least 32 Base32 characters [A-Z2-7] standing alone (or in groups of four with
/// single spaces, as a card shows a key) that decodes to 20–64 bytes and looks random: it has a digit and at least 12
/// different characters. Upper-case words, hex, Base64 and ids fail one of these; a random seed fails none.
/// </summary>
public static class SeedLikeRuns
{
    public const int MinLength = 32;

    public static IEnumerable<(int Start, int Length)> In(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            if (!IsBase32(text[i]))
            {
                i++;
                continue;
            }
            var start = i;
            var end = RunEnd(text, start);
            if (end - start == 4) end = GroupsEnd(text, end);
            i = end;
            var standsAlone = (start == 0 || !IsTokenPart(text[start - 1])) && (end == text.Length || !IsTokenPart(text[end]));
            if (standsAlone && LooksLikeSeed(text.AsSpan(start, end - start))) yield return (start, end - start);
        }
    }

    private static bool LooksLikeSeed(ReadOnlySpan<char> run)
    {
        Span<bool> seen = stackalloc bool[128];
        int length = 0, distinct = 0;
        var digit = false;
        foreach (var c in run)
        {
            if (c == ' ') continue;
            length++;
            digit |= char.IsAsciiDigit(c);
            if (!seen[c]) (seen[c], distinct) = (true, distinct + 1);
        }
        return length >= MinLength && digit && distinct >= 12 && Base32.TryDecode(run, out var bytes) && bytes.Length is >= 20 and <= 64;
    }

    private static int RunEnd(string text, int i)
    {
        while (i < text.Length && IsBase32(text[i])) i++;
        return i;
    }

    /// <summary>Past " ABCD" groups following a first group of four; a shorter group ends the key.</summary>
    private static int GroupsEnd(string text, int end)
    {
        while (end + 1 < text.Length && text[end] == ' ' && IsBase32(text[end + 1]))
        {
            var next = RunEnd(text, end + 1);
            if (next - end - 1 > 4) break;
            var full = next - end - 1 == 4;
            end = next;
            if (!full) break;
        }
        return end;
    }

    private static bool IsBase32(char c) => c is (>= 'A' and <= 'Z') or (>= '2' and <= '7');

    private static bool IsTokenPart(char c) => char.IsAsciiLetterOrDigit(c) || c is '+' or '/';
}

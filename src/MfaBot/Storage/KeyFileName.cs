using System.Security.Cryptography;
using System.Text;

namespace MfaBot.Storage;

/// <summary>
/// Maps a state key to a file name stem that is safe on any file system and reversible. Lower-case letters,
/// digits and '-' stay as they are; every other UTF-8 byte becomes "_XX" (upper-case hex), so names hold no
/// '/', '\', '.', NUL or upper-case letter and never collide on case-insensitive file systems. Stems longer
/// than <see cref="MaxStem"/> are cut and end in "~" plus a hash of the whole key; the file then also
/// holds the key, which is the only way to recover it.
/// </summary>
internal static class KeyFileName
{
    public const int MaxStem = 180;
    private const int KeptWhenHashed = 120;
    private const char HashMark = '~';

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string ToStem(string key)
    {
        var bytes = StateKey.ToUtf8(key);
        var sb = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (IsLiteral(b)) sb.Append((char)b);
            else sb.Append('_').Append(b.ToString("X2"));
        }
        if (sb.Length <= MaxStem) return sb.ToString();

        var cut = KeptWhenHashed;
        while (cut > 0 && (sb[cut - 1] == '_' || (cut > 1 && sb[cut - 2] == '_'))) cut--; // keep "_XX" whole
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 16));
        return sb.ToString(0, cut) + HashMark + hash;
    }

    /// <summary>Whether the stem is a hashed long key whose full key is only inside the file.</summary>
    public static bool IsHashed(string stem) => stem.Contains(HashMark, StringComparison.Ordinal);

    /// <summary>The key of an unhashed stem; null for hashed stems and for names this class does not make.</summary>
    public static string? Decode(string stem)
    {
        if (IsHashed(stem)) return null;
        var bytes = new List<byte>(stem.Length);
        for (var i = 0; i < stem.Length; i++)
        {
            var c = stem[i];
            if (c == '_')
            {
                if (!TryHex(stem, i + 1, out var b)) return null;
                bytes.Add(b);
                i += 2;
            }
            else if (c < 128 && IsLiteral((byte)c)) bytes.Add((byte)c);
            else return null;
        }
        try
        {
            return StrictUtf8.GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static bool IsLiteral(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-';

    // Only the upper-case form this class writes counts, so every key has exactly one name.
    private static bool TryHex(string s, int at, out byte value)
    {
        value = 0;
        return at + 2 <= s.Length
            && byte.TryParse(s.AsSpan(at, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out value)
            && s.AsSpan(at, 2).SequenceEqual(value.ToString("X2"));
    }
}

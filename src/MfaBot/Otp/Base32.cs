namespace MfaBot.Otp;

/// <summary>RFC 4648 Base32, the alphabet authenticator apps and AWS use for TOTP seeds.</summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>Upper-case Base32 without padding (how AWS and otpauth URIs write seeds).</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        var output = new char[(data.Length * 8 + 4) / 5];
        int buffer = 0, bits = 0, o = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                output[o++] = Alphabet[(buffer >> (bits - 5)) & 31];
                bits -= 5;
            }
        }
        if (bits > 0) output[o++] = Alphabet[(buffer << (5 - bits)) & 31];
        return new string(output, 0, o);
    }

    /// <summary>
    /// Decodes Base32 as people type it: case-insensitive, spaces, hyphens and trailing '=' ignored.
    /// The exception never echoes the input, which may be a secret.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<char> text) =>
        TryDecode(text, out var bytes) ? bytes : throw new FormatException("The value is not valid Base32.");

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] bytes)
    {
        bytes = [];
        var output = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, o = 0;
        var padding = false;
        foreach (var c in text)
        {
            if (c is ' ' or '-') continue;
            if (c == '=') { padding = true; continue; }
            if (padding) return false;
            var value = ValueOf(c);
            if (value < 0) return false;
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                output[o++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }
        // Leftover bits must be zero padding, as any encoder leaves them.
        if ((buffer & ((1 << bits) - 1)) != 0) return false;
        bytes = output.AsSpan(0, o).ToArray();
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(output);
        return o > 0;
    }

    private static int ValueOf(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a',
        >= '2' and <= '7' => c - '2' + 26,
        _ => -1,
    };
}

using System.Security.Cryptography;

namespace MfaBot.Otp;

/// <summary>
/// RFC 4648 Base32, the alphabet authenticator apps and AWS use for TOTP seeds. Encoding is Otp.NET's
/// <see cref="OtpNet.Base32Encoding"/>. Decoding stays here: Otp.NET's takes only a string (a copy of the seed
/// that cannot be wiped, where <see cref="Iam.SecretSeed"/> decodes from a char buffer it clears), refuses the
/// spaces and hyphens people type between groups, and accepts text with non-zero leftover bits.
/// </summary>
public static class Base32
{
    /// <summary>Upper-case Base32 without padding (how AWS and otpauth URIs write seeds), by Otp.NET.</summary>
    public static string Encode(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty) return "";
        var copy = data.ToArray();
        try
        {
            return OtpNet.Base32Encoding.ToString(copy).TrimEnd('=');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
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
        CryptographicOperations.ZeroMemory(output);
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

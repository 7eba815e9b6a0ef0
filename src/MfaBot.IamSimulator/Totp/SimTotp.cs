using System.Security.Cryptography;
using System.Text;

namespace MfaBot.IamSimulator.Totp;

/// <summary>
/// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) and RFC 4648 Base32, as AWS applies them to virtual MFA devices.
/// Deliberately independent of the bot's own TOTP code (src/MfaBot/Otp): the simulator plays AWS, so a bug
/// shared by both sides could never show up in a test.
/// </summary>
internal static class SimTotp
{
    public const int StepSeconds = 30;
    public const int SeedBytes = 20;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static long StepAt(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), StepSeconds).Quotient;

    public static byte[] NewSeed() => RandomNumberGenerator.GetBytes(SeedBytes);

    /// <summary>Finds the step t in [from, to] whose code is <paramref name="code1"/> and whose next code is <paramref name="code2"/>.</summary>
    public static long? FindConsecutive(byte[] seed, string code1, string code2, long from, long to)
    {
        long? found = null;
        for (var t = from; t <= to; t++)
        {
            // No early exit: the time taken does not tell which step matched.
            if (Matches(seed, t, code1) & Matches(seed, t + 1, code2)) found ??= t;
        }
        return found;
    }

    public static string Code(byte[] seed, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // AWS virtual MFA is RFC 6238 with HMAC-SHA1; the algorithm is fixed by the protocol.
        HMACSHA1.HashData(seed, counter, mac);
#pragma warning restore CA5350
        var offset = mac[^1] & 0x0F;
        var value = ((mac[offset] & 0x7F) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
        return (value % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Base32(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                text.Append(Alphabet[(buffer >> bits) & 31]);
            }
        }
        if (bits > 0) text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        return text.ToString();
    }

    private static bool Matches(byte[] seed, long step, string code) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Code(seed, step)), Encoding.ASCII.GetBytes(code));
}

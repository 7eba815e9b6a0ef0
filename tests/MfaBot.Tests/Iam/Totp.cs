using System.Buffers.Binary;
using System.Security.Cryptography;
using MfaBot.Iam;
using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.Iam;

/// <summary>RFC 6238 codes as an authenticator app shows them (HMAC-SHA1, 30 s, 6 digits), for driving IAM.</summary>
public static class Totp
{
    public static string Code(byte[] key, long counter)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
#pragma warning disable CA5350 // RFC 6238 as AWS virtual MFA uses it is HMAC-SHA1
        var hash = HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0xF;
        var value = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF) % 1_000_000;
        return value.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The code shown in the previous 30 s window and the current one: what a user types after waiting for a new code.
    /// Both, and the seed, are recorded in the run ledger.
    /// </summary>
    public static (string First, string Second) TwoConsecutive(SecretSeed seed, DateTimeOffset? at = null)
    {
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var key = seed.RevealKey();
        var codes = (First: Code(key, counter - 1), Second: Code(key, counter));
        RunLedger.Seed(key);
        RunLedger.Codes(codes.First, codes.Second);
        return codes;
    }
}

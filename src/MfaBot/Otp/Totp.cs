using System.Buffers.Binary;
using System.Security.Cryptography;

namespace MfaBot.Otp;

/// <summary>RFC 6238 TOTP over RFC 4226 HOTP with HMAC-SHA1: what AWS virtual MFA devices use.</summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>The time step (counter) a moment falls in; T0 = 0.</summary>
    public static long StepAt(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), StepSeconds, out var rem) - (rem < 0 ? 1 : 0);

    /// <summary>The moment a step starts.</summary>
    public static DateTimeOffset StartOf(long step) => DateTimeOffset.FromUnixTimeSeconds(step * StepSeconds);

    /// <summary>RFC 4226 HOTP value for a counter, zero-padded to <paramref name="digits"/>.</summary>
    public static string Hotp(ReadOnlySpan<byte> key, long counter, int digits = Digits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(digits, 6);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(digits, 9);
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6238 and AWS virtual MFA are defined on HMAC-SHA1; HMAC-SHA1 is not weakened by SHA-1 collisions.
        HMACSHA1.HashData(key, message, mac);
#pragma warning restore CA5350
        var offset = mac[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(mac[offset..]) & 0x7FFF_FFFF;
        var modulus = 1;
        for (var i = 0; i < digits; i++) modulus *= 10;
        return (binary % modulus).ToString($"D{digits}", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The code an authenticator app shows at <paramref name="time"/>.</summary>
    public static string Generate(ReadOnlySpan<byte> key, DateTimeOffset time, int digits = Digits) => Hotp(key, StepAt(time), digits);

    /// <summary>
    /// Finds the step within ±<paramref name="window"/> steps of <paramref name="time"/> whose code equals
    /// <paramref name="code"/>, comparing in constant time; null when none does.
    /// </summary>
    public static long? FindStep(ReadOnlySpan<byte> key, string code, DateTimeOffset time, int window = 1)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentOutOfRangeException.ThrowIfNegative(window);
        if (code.Length != Digits) return null;
        var now = StepAt(time);
        long? found = null;
        // Every candidate is computed so the time taken does not reveal which step matched.
        for (var step = now - window; step <= now + window; step++)
        {
            if (Matches(Hotp(key, step), code) && found is null) found = step;
        }
        return found;
    }

    /// <summary>True when <paramref name="code"/> is the code of exactly <paramref name="step"/>.</summary>
    public static bool IsCodeForStep(ReadOnlySpan<byte> key, string code, long step) =>
        code.Length == Digits && Matches(Hotp(key, step), code);

    private static bool Matches(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(expected.AsSpan()),
            System.Runtime.InteropServices.MemoryMarshal.AsBytes(actual.AsSpan()));
}

using OtpNet;

namespace MfaBot.Otp;

/// <summary>
/// AWS virtual MFA's TOTP profile (RFC 6238 over RFC 4226 HOTP: HMAC-SHA1, 30 s steps, 6 digits, T0 = 0),
/// computed by Otp.NET. What is written here is only what Otp.NET does not offer: the step a moment falls in,
/// and a key that Otp.NET borrows instead of copying (see <see cref="BorrowedKey"/>).
/// </summary>
public static class Totp
{
    public const int StepSeconds = 30;
    public const int Digits = 6;

    /// <summary>The time step (counter) a moment falls in; T0 = 0.</summary>
    public static long StepAt(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), StepSeconds, out var rem) - (rem < 0 ? 1 : 0);

    /// <summary>
    /// Otp.NET's HOTP over the caller's key: TOTP's code for step T is HOTP's for counter T, so this computes and
    /// checks (in constant time) the code of an explicit step. The caller zeroes <paramref name="key"/> after use.
    /// </summary>
    public static OtpNet.Hotp ByStep(byte[] key, int digits = Digits) => new(new BorrowedKey(key), OtpHashMode.Sha1, digits);

    /// <summary>The code of step (counter) <paramref name="counter"/>, zero-padded to <paramref name="digits"/>.</summary>
    public static string Hotp(byte[] key, long counter, int digits = Digits) => ByStep(key, digits).ComputeHOTP(counter);

    /// <summary>The code an authenticator app shows at <paramref name="time"/>.</summary>
    public static string Generate(byte[] key, DateTimeOffset time, int digits = Digits) =>
        new OtpNet.Totp(new BorrowedKey(key), StepSeconds, OtpHashMode.Sha1, digits).ComputeTotp(time.UtcDateTime);
}

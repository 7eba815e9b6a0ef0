using OtpNet;

namespace MfaBot.IamSimulator.Totp;

/// <summary>
/// RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits) and RFC 4648 Base32 as AWS applies them to virtual MFA devices,
/// computed by Otp.NET as the bot's are (src/MfaBot/Otp). What keeps a bug in that shared library from hiding
/// is outside both: the tests' RFC 6238 / RFC 4226 vectors and their comparisons with oathtool.
/// </summary>
internal static class SimTotp
{
    public const int StepSeconds = 30;
    public const int SeedBytes = 20;

    public static long StepAt(DateTimeOffset time) => Math.DivRem(time.ToUnixTimeSeconds(), StepSeconds).Quotient;

    /// <summary>A seed from a CSPRNG, as AWS makes one.</summary>
    public static byte[] NewSeed() => KeyGeneration.GenerateRandomKey(SeedBytes);

    /// <summary>
    /// Finds the step t in [from, to] whose code is <paramref name="code1"/> and whose next code is <paramref name="code2"/>.
    /// The device keeps its seed for its life, as AWS does; Otp.NET's copy of it adds nothing to wipe.
    /// </summary>
    public static long? FindConsecutive(byte[] seed, string code1, string code2, long from, long to)
    {
        var codes = new Hotp(seed, OtpHashMode.Sha1, 6);
        long? found = null;
        for (var t = from; t <= to; t++)
        {
            // No early exit, and each code compared in constant time: the time taken does not tell which step matched.
            if (codes.VerifyHotp(code1, t) & codes.VerifyHotp(code2, t + 1)) found ??= t;
        }
        return found;
    }

    /// <summary>Upper-case Base32 without padding, as AWS writes the seed.</summary>
    public static string Base32(byte[] data) => Base32Encoding.ToString(data).TrimEnd('=');
}

using MfaBot.Otp;
using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.Support;

/// <summary>What a person types from their authenticator app; the codes and the seed go to the run ledger.</summary>
public static class AuthenticatorCodes
{
    /// <summary>The previous step's code and the current one at <paramref name="now"/>: a person notes one, waits, types both.</summary>
    public static (string First, string Second) At(byte[] key, DateTimeOffset now)
    {
        var step = Totp.StepAt(now);
        var codes = (First: Totp.Hotp(key, step - 1), Second: Totp.Hotp(key, step));
        RunLedger.Seed(key);
        RunLedger.Codes(codes.First, codes.Second);
        return codes;
    }

    /// <summary>A code that is not <paramref name="code"/> (a typo), recorded like the codes a person types.</summary>
    public static string Wrong(string code)
    {
        var wrong = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 1) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        RunLedger.Codes(wrong);
        return wrong;
    }
}

using MfaBot.Otp;

namespace MfaBot.Enrollment;

public enum CodeVerdict
{
    Consecutive,
    SameCodeTwice,
    FirstNotCurrent,
    SecondNotNext,
    ReversedOrder,
}

/// <summary>
/// Checks two codes locally before IAM sees them, so the person learns exactly what went wrong
/// (IAM only says "invalid") and no IAM attempt is spent on a typo.
/// </summary>
public static class CodeCheck
{
    /// <summary>The first code may be up to this many steps old: people wait for the second one, then type.</summary>
    private const int FirstCodeMaxAgeSteps = 2;

    /// <param name="key">The seed; the caller zeroes it after use (Otp.NET borrows it, see <see cref="Totp.ByStep"/>).</param>
    public static CodeVerdict Evaluate(byte[] key, string code1, string code2, DateTimeOffset now)
    {
        if (code1 == code2) return CodeVerdict.SameCodeTwice;
        var codes = Totp.ByStep(key);
        var current = Totp.StepAt(now);
        long? first = null;
        // Oldest step first (unlike Otp.NET's VerificationWindow, which tries now first): should two steps share a
        // code, the earlier one is the step a person who then typed a later second code meant.
        for (var step = current - FirstCodeMaxAgeSteps; step <= current && first is null; step++)
            if (codes.VerifyHotp(code1, step)) first = step;
        if (first is null)
        {
            // The person may have swapped the boxes: the second code then precedes the first.
            for (var step = current - FirstCodeMaxAgeSteps; step <= current; step++)
                if (codes.VerifyHotp(code2, step) && codes.VerifyHotp(code1, step + 1)) return CodeVerdict.ReversedOrder;
            return CodeVerdict.FirstNotCurrent;
        }
        if (codes.VerifyHotp(code2, first.Value + 1)) return CodeVerdict.Consecutive;
        return codes.VerifyHotp(code2, first.Value - 1) ? CodeVerdict.ReversedOrder : CodeVerdict.SecondNotNext;
    }

    public static string Explain(CodeVerdict verdict) => verdict switch
    {
        CodeVerdict.SameCodeTwice => "You entered the same code twice. Wait until your app shows a new code (it changes every 30 seconds) and enter that one as the second code.",
        CodeVerdict.FirstNotCurrent => "The first code isn't valid now: it may have expired, or it may belong to another account in your app. Enter the code your app shows for this account now, wait for the next one, and enter that as the second code.",
        CodeVerdict.SecondNotNext => "The first code is right, but the second isn't the one that came right after it. Wait for your app to change, then enter the new code as the second code.",
        CodeVerdict.ReversedOrder => "Those codes are in reverse order: give the earlier code first and the newer one second.",
        _ => "",
    };
}

using System.Text;
using MfaBot.Enrollment;
using MfaBot.Otp;

namespace MfaBot.Tests.Enrollment;

/// <summary>The bot's own two-code check: its acceptance window and each diagnosis, step by step.</summary>
public class CodeCheckTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("12345678901234567890");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_010);
    private static readonly long Current = Totp.StepAt(Now);

    private static string At(long offset) => Totp.Hotp(Key, Current + offset);

    [Theory]
    [InlineData(-1, 0, CodeVerdict.Consecutive)]      // a person noted one code, waited, typed both
    [InlineData(-2, -1, CodeVerdict.Consecutive)]     // the first code may be two steps old
    [InlineData(0, 1, CodeVerdict.Consecutive)]       // the second from a phone a little ahead
    [InlineData(-3, -2, CodeVerdict.FirstNotCurrent)] // the first code has expired
    [InlineData(-1, 1, CodeVerdict.SecondNotNext)]    // a step skipped
    [InlineData(-2, 0, CodeVerdict.SecondNotNext)]
    [InlineData(0, -1, CodeVerdict.ReversedOrder)]    // boxes swapped, first code in the window
    [InlineData(1, 0, CodeVerdict.ReversedOrder)]     // boxes swapped, the later code ahead of the window
    [InlineData(0, 0, CodeVerdict.SameCodeTwice)]
    public void Diagnoses_each_pair_of_steps(long first, long second, CodeVerdict expected)
    {
        Assert.Equal(expected, CodeCheck.Evaluate(Key, At(first), At(second), Now));
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("0000000")]
    public void A_code_of_another_length_never_matches(string code1)
    {
        Assert.Equal(CodeVerdict.FirstNotCurrent, CodeCheck.Evaluate(Key, code1, At(0), Now));
    }

    [Fact]
    public void Leaves_the_callers_key_intact_for_it_to_zero()
    {
        var key = (byte[])Key.Clone();
        CodeCheck.Evaluate(key, At(-1), At(0), Now);
        Assert.Equal(Key, key);
    }
}

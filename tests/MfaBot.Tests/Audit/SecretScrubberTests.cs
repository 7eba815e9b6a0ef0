using MfaBot.Audit;

namespace MfaBot.Tests.Audit;

public sealed class SecretScrubberTests
{
    [Theory]
    [InlineData("123456")]
    [InlineData("user entered 654321 twice")]
    [InlineData("codes=123456,654321")]
    [InlineData("JBSWY3DPEHPK3PXP")]
    [InlineData("seed JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP here")]
    [InlineData("secret=JBSWY3DPEHPK3PXP====")]
    [InlineData("jbswy3dpehpk3pxp")]
    [InlineData("JBSW Y3DP EHPK 3PXP")]
    [InlineData("jbsw-y3dp-ehpk-3pxp")]
    public void Refuses_codes_and_seeds(string text)
    {
        Assert.True(SecretScrubber.LooksLikeSecret(text));
        var e = Assert.Throws<ArgumentException>(() => SecretScrubber.EnsureNoSecret(text, "Detail"));
        Assert.Equal("Detail", e.ParamName);
        Assert.DoesNotContain(text, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("User alice started enrollment")]
    [InlineData("InvalidAuthenticationCode: the codes did not match; 2 attempts left")]
    [InlineData("Rate exceeded, retried 3 times over 12345 ms")]
    [InlineData("arn:aws:iam::123456789012:mfa/alice")]
    [InlineData("request c5b0f0a2-9d3e-4b21-8f7a-0123456789ab")]
    [InlineData("at 2024-05-01T12:00:00Z, 20240501")]
    [InlineData("internationalization and responsibilities")]
    [InlineData("device ALICE-PHONE enabled; CreateVirtualMFADevice ok")]
    [InlineData("PLEASE READ THE NOTE")]
    [InlineData("this will make sure that")]
    [InlineData("code 12345 is too short and 1234567 too long")]
    [InlineData("ticket INC0012345678901 approved by helpdesk")]
    public void Lets_normal_text_through(string? text)
    {
        Assert.False(SecretScrubber.LooksLikeSecret(text));
        SecretScrubber.EnsureNoSecret(text, "Detail");
    }
}

using MfaBot.Otp;

namespace MfaBot.Tests.Otp;

public class OtpAuthUriTests
{
    private const string Secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

    [Fact]
    public void Parses_aws_documented_form()
    {
        var uri = OtpAuthUri.Parse($"otpauth://totp/my-mfa-device@123456789012?secret={Secret}");
        Assert.Equal("my-mfa-device@123456789012", uri.AccountName);
        Assert.Null(uri.EffectiveIssuer);
        Assert.Equal(Secret, uri.Secret);
        Assert.Equal(20, uri.SecretBytes().Length);
    }

    [Fact]
    public void Parses_issuer_prefix_and_parameter()
    {
        var uri = OtpAuthUri.Parse($"otpauth://totp/Amazon%20Web%20Services:alice@123456789012?secret={Secret.ToLowerInvariant()}&issuer=Amazon+Web+Services");
        Assert.Equal("alice@123456789012", uri.AccountName);
        Assert.Equal("Amazon Web Services", uri.EffectiveIssuer);
        Assert.Equal(Secret, uri.Secret);

        var prefixOnly = OtpAuthUri.Parse($"otpauth://totp/ACME:%20bob?secret={Secret}");
        Assert.Equal("bob", prefixOnly.AccountName);
        Assert.Equal("ACME", prefixOnly.EffectiveIssuer);
    }

    [Fact]
    public void Builds_a_uri_that_parses_back()
    {
        var built = new OtpAuthUri("AWS MfaBot:alice@123456789012", "AWS MfaBot", Secret);
        var text = built.ToUriString();
        Assert.StartsWith("otpauth://totp/AWS%20MfaBot:alice@123456789012?secret=" + Secret, text, StringComparison.Ordinal);
        Assert.Equal(built, OtpAuthUri.Parse(text));
        Assert.Equal($"otpauth://totp/dev@123456789012?secret={Secret}", new OtpAuthUri("dev@123456789012", null, Secret).ToUriString());
    }

    [Theory]
    [InlineData("otpauth://hotp/x?secret=JBSWY3DP")]
    [InlineData("otpauth://totp/x?issuer=a")]
    [InlineData("otpauth://totp/x?secret=not!base32")]
    [InlineData("otpauth://totp/x?secret=JBSWY3DP&algorithm=SHA256")]
    [InlineData("https://example.com/?secret=JBSWY3DP")]
    public void Refuses_what_an_aws_compatible_app_would_not_use(string text) =>
        Assert.False(OtpAuthUri.TryParse(text, out _));

    [Fact]
    public void ToString_never_shows_the_secret() =>
        Assert.DoesNotContain(Secret, new OtpAuthUri("a", "b", Secret).ToString(), StringComparison.Ordinal);
}

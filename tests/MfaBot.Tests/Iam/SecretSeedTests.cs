using System.Text;
using System.Text.Json;
using MfaBot.Iam;

namespace MfaBot.Tests.Iam;

public sealed class SecretSeedTests
{
    [Theory]
    [InlineData("MZXW6YTBOI======", "foobar")] // RFC 4648 §10
    [InlineData("MZXW6YTBOI", "foobar")]
    [InlineData("mzxw6ytb", "fooba")]
    [InlineData("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "12345678901234567890")] // the RFC 6238 test key
    public void The_key_is_the_base32_decoding(string base32, string ascii)
    {
        using var seed = SecretSeed.FromBase32(base32);

        Assert.Equal(Encoding.ASCII.GetBytes(ascii), seed.RevealKey());
        Assert.Equal(base32, seed.RevealBase32());
    }

    [Fact]
    public void Printing_serializing_or_interpolating_never_shows_the_secret()
    {
        using var seed = SecretSeed.FromBase32("JBSWY3DPEHPK3PXP");
        var device = new CreatedVirtualMfaDevice("arn:aws:iam::123456789012:mfa/x", seed, [1, 2, 3]);

        foreach (var text in new[] { seed.ToString(), $"{seed}", device.ToString(), JsonSerializer.Serialize(seed) })
        {
            Assert.DoesNotContain("JBSWY3DPEHPK3PXP", text, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Equal("CreatedVirtualMfaDevice { SerialNumber = arn:aws:iam::123456789012:mfa/x, Seed = [redacted], QrCodePng = [redacted 3 bytes] }", device.ToString());
    }

    [Fact]
    public void Text_outside_the_base32_alphabet_is_refused()
    {
        Assert.Throws<FormatException>(() => SecretSeed.FromBase32("NOT-BASE32!"));
    }

    [Fact]
    public void Disposing_wipes_the_secret()
    {
        var seed = SecretSeed.FromBase32("JBSWY3DPEHPK3PXP");
        seed.Dispose();

        Assert.Equal(new string('\0', 16), seed.RevealBase32());
    }
}

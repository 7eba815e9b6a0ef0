using System.Security.Cryptography;
using System.Text;
using MfaBot.Otp;

namespace MfaBot.Tests.Otp;

public class Base32Tests
{
    // RFC 4648 §10 test vectors, padding removed as authenticator seeds are written.
    [Theory]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Encodes_and_decodes_rfc4648_vectors(string plain, string encoded)
    {
        Assert.Equal(encoded, Base32.Encode(Encoding.ASCII.GetBytes(plain)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded)));
        Assert.Equal(plain, Encoding.ASCII.GetString(Base32.Decode(encoded.ToLowerInvariant() + new string('=', (8 - encoded.Length % 8) % 8))));
    }

    [Fact]
    public void Round_trips_random_data_and_tolerates_grouping()
    {
        for (var n = 1; n < 64; n++)
        {
            var data = RandomNumberGenerator.GetBytes(n);
            var text = Base32.Encode(data);
            Assert.Equal(data, Base32.Decode(text));
            var grouped = string.Join(' ', text.Chunk(4).Select(c => new string(c)));
            Assert.Equal(data, Base32.Decode(grouped));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("MZXW1")]     // '1' is not in the alphabet
    [InlineData("MZ=XW")]     // data after padding
    [InlineData("MZXW6YR")]   // non-zero leftover bits
    public void Refuses_invalid_text_without_echoing_it(string text)
    {
        Assert.False(Base32.TryDecode(text, out _));
        var error = Assert.Throws<FormatException>(() => Base32.Decode(text));
        if (text.Length > 0) Assert.DoesNotContain(text, error.Message, StringComparison.Ordinal);
    }
}

using System.Globalization;
using System.Text;
using MfaBot.Otp;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Otp;

public class TotpTests
{
    private static readonly byte[] RfcSeed = Encoding.ASCII.GetBytes("12345678901234567890");

    // RFC 6238 Appendix B, SHA-1 rows (8 digits).
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Matches_rfc6238_appendix_b_sha1_vectors(long unixSeconds, string expected)
    {
        Assert.Equal(expected, Totp.Generate(RfcSeed, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));
    }

    // RFC 4226 Appendix D: HOTP values for counters 0..9.
    [Fact]
    public void Matches_rfc4226_appendix_d_hotp_values()
    {
        string[] expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
        Assert.Equal(expected, Enumerable.Range(0, 10).Select(c => Totp.Hotp(RfcSeed, c)));
    }

    [Fact]
    public async Task Agrees_with_oathtool_for_many_secrets_and_times()
    {
        var random = new Random(6238);
        for (var i = 0; i < 40; i++)
        {
            var key = new byte[random.Next(10, 41)];
            random.NextBytes(key);
            var secret = Base32.Encode(key);
            var time = DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(0, 4_000_000_000));
            var now = time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
            var result = await ExternalTool.RunAsync("oathtool", ["--totp", "-b", "-w", "1", "--now", now, secret]);
            Assert.True(result.ExitCode == 0, result.StdErr);
            var lines = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal([Totp.Generate(key, time), Totp.Generate(key, time.AddSeconds(Totp.StepSeconds))], lines);
        }
    }

    [Fact]
    public void StepAt_is_floor_division()
    {
        Assert.Equal(1, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(59)));
        Assert.Equal(2, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(60)));
    }

    [Fact]
    public void Otp_net_borrows_the_key_so_zeroing_it_leaves_no_usable_copy()
    {
        var key = (byte[])RfcSeed.Clone();
        var codes = Totp.ByStep(key);
        Assert.Equal("287082", codes.ComputeHOTP(1));
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        Assert.NotEqual("287082", codes.ComputeHOTP(1));
    }
}

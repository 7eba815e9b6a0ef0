using System.Text;
using MfaBot.Channels.Slack.Auth;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Slack;

public class SlackSignatureTests
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes(SlackHarness.SigningSecret);
    private const string Body = "token=xyz&team_id=T0TEAM&command=%2Fmfa&text=enroll";

    [Fact]
    public async Task The_signature_matches_an_independent_HMAC_SHA256_over_the_v0_basestring()
    {
        var result = await ExternalTool.RunAsync("openssl", ["dgst", "-sha256", "-hmac", SlackHarness.SigningSecret, "-r", WriteTemp("v0:1531420618:" + Body)]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("v0=" + result.StdOut.Split(' ')[0], SlackSignature.Compute(Secret, "1531420618", Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(-299, true)]
    [InlineData(299, true)]
    [InlineData(-301, false)]
    [InlineData(301, false)]
    public void Timestamps_are_accepted_within_five_minutes_only(int offsetSeconds, bool accepted)
    {
        var clock = new ManualClock();
        var verifier = new SlackSignature(Secret, TimeSpan.FromMinutes(5), clock);
        var ts = clock.GetUtcNow().AddSeconds(offsetSeconds).ToUnixTimeSeconds().ToString();

        Assert.Equal(accepted, verifier.IsValid(ts, SlackSignature.Compute(Secret, ts, Encoding.UTF8.GetBytes(Body)), Encoding.UTF8.GetBytes(Body)));
    }

    [Theory]
    [InlineData(null, "sig")]
    [InlineData("", "sig")]
    [InlineData("12x", "sig")]
    [InlineData("-5", "sig")]
    [InlineData("99999999999999999999", "sig")]
    [InlineData("now", null)]
    [InlineData("now", "v1=")]
    [InlineData("now", "V0=UPPER")]
    [InlineData("now", "body")]
    public void Missing_malformed_or_altered_signatures_are_refused(string? timestamp, string? signature)
    {
        var clock = new ManualClock();
        var verifier = new SlackSignature(Secret, TimeSpan.FromMinutes(5), clock);
        var now = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var ts = timestamp == "now" ? now : timestamp;
        var good = SlackSignature.Compute(Secret, now, Encoding.UTF8.GetBytes(Body));
        var given = signature switch
        {
            "v1=" => "v1=" + good[3..],
            "V0=UPPER" => good.ToUpperInvariant(),
            "body" => SlackSignature.Compute(Secret, now, Encoding.UTF8.GetBytes(Body + "&x=1")),
            _ => signature,
        };

        Assert.False(verifier.IsValid(ts, given, Encoding.UTF8.GetBytes(Body)));
        Assert.True(verifier.IsValid(now, good, Encoding.UTF8.GetBytes(Body)));
    }

    private static string WriteTemp(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"slack-sig-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, text);
        return path;
    }
}

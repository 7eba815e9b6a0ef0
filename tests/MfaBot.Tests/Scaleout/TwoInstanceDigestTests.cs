using MfaBot.Tests.Coverage.Digest;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Scaleout;

/// <summary>The weekly coverage digest from two bot instances on one PostgreSQL database: both find it due, one posts.</summary>
public sealed class TwoInstanceDigestTests
{
    [Fact]
    public async Task Two_instances_that_both_find_the_digest_due_post_it_once()
    {
        var clock = CoverageDigestTests.ClockAt(CoverageDigestTests.JustBefore + TimeSpan.FromMinutes(5));
        await using var shared = await SharedDeployment.StartAsync(clock);
        var settings = new Dictionary<string, string?>(shared.Settings) { ["Iam:CredentialReportPollInterval"] = "00:00:00.020" };
        await using var h = await EnrollmentHarness.StartAsync(settings, clock, connected: CoverageDigestTests.Digest);
        await h.StartInstanceAsync("b");

        await h.Connector.WaitForAsync(CoverageDigestTests.IsDigest);
        await Task.Delay(1500); // many more checks of both instances

        Assert.Single(h.Connector.Calls, CoverageDigestTests.IsDigest);
    }
}

using System.Net;
using MfaBot.Iam;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Iam;

/// <summary>Failures the simulator produces as real IAM would: throttling and a bad signature.</summary>
public sealed class IamSimulatorFaultTests
{
    [Fact]
    public async Task Constant_throttling_fails_after_the_bounded_attempts_with_Throttling()
    {
        await using var sim = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:Faults:ThrottleRate"] = "1" });
        var logs = new RecordingLoggerProvider();
        await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:MaxAttempts"] = "4" }, logs);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.ListMfaDevicesAsync("alice"));

        IamGatewayDeviceTests.AssertIamError(e, IamErrorCodes.Throttling, HttpStatusCode.BadRequest);
        Assert.Equal(3, logs.Lines.Count(l => l.Contains("got Throttling; retrying", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Contains("failed with Throttling (HTTP 400) after 4 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_secret_key_is_SignatureDoesNotMatch_and_not_retried()
    {
        await using var sim = await SimulatorServer.StartAsync();
        var logs = new RecordingLoggerProvider();
        await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:SecretAccessKey"] = "not-the-secret" }, logs);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        IamGatewayDeviceTests.AssertIamError(e, IamErrorCodes.SignatureDoesNotMatch, HttpStatusCode.Forbidden);
        Assert.Contains(logs.Lines, l => l.Contains("after 1 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_access_key_is_InvalidClientTokenId()
    {
        await using var sim = await SimulatorServer.StartAsync();
        await using var client = IamClient.Create(sim.Endpoint, new Dictionary<string, string?> { ["Iam:AccessKeyId"] = "AKIAUNKNOWNKEY000000" });

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        IamGatewayDeviceTests.AssertIamError(e, IamErrorCodes.InvalidClientTokenId, HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(-45)]
    public async Task A_server_clock_far_from_ours_is_learned_from_the_reply_and_the_call_succeeds(int minutes)
    {
        var shift = TimeSpan.FromMinutes(minutes);
        await using var sim = await SimulatorServer.StartAsync(configureServices: s => s.AddSingleton<TimeProvider>(new ShiftedTime(shift)));
        await using var client = IamClient.Create(sim.Endpoint);

        Assert.Equal("alice", (await client.Gateway.GetUserAsync("alice")).UserName);

        Assert.InRange(client.Clock.Offset, shift - TimeSpan.FromSeconds(5), shift + TimeSpan.FromSeconds(5));
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }

    [Fact]
    public async Task The_gateway_reaches_the_simulator_mounted_under_a_prefix()
    {
        await using var sim = await SimulatorServer.StartAsync(prefix: "/_iam");
        await using var client = IamClient.Create(sim.Endpoint);

        Assert.EndsWith("/_iam/", sim.Endpoint.ToString(), StringComparison.Ordinal);
        Assert.Equal("my-user", (await client.Gateway.GetUserAsync()).UserName);
    }
}

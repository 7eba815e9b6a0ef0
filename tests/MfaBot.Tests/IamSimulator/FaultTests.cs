using System.Diagnostics;
using System.Net;
using MfaBot.IamSimulator.State;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Injected throttling, server errors and latency; a faulted request changes nothing.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Throttling_at_rate_one_refuses_every_request_before_it_acts()
    {
        await using var server = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:Faults:ThrottleRate"] = "1.0" });
        using var iam = new RawIam(server.Endpoint);
        var reply = await iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "phone"));
        ValidationTests.AssertError(reply, HttpStatusCode.BadRequest, "Throttling");
        Assert.Equal("Rate exceeded", reply.ErrorMessage);
        Assert.Empty(server.Services.GetRequiredService<IamAccount>().Devices);
    }

    [Fact]
    public async Task Server_errors_at_rate_one_are_ServiceFailure_500()
    {
        await using var server = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:Faults:ServerErrorRate"] = "1" });
        using var iam = new RawIam(server.Endpoint);
        var reply = await iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "phone"));
        ValidationTests.AssertError(reply, HttpStatusCode.InternalServerError, "ServiceFailure");
        Assert.Empty(server.Services.GetRequiredService<IamAccount>().Devices);
    }

    [Fact]
    public async Task No_faults_by_default_and_latency_when_asked()
    {
        await using (var plain = await SimulatorServer.StartAsync())
        {
            using var iam = new RawIam(plain.Endpoint);
            for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.OK, (await iam.CallAsync("GetUser")).Status);
        }

        await using var slow = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:Faults:AddedLatencyMs"] = "400" });
        using var slowIam = new RawIam(slow.Endpoint);
        var watch = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await slowIam.CallAsync("GetUser")).Status);
        Assert.True(watch.ElapsedMilliseconds >= 390, $"took {watch.ElapsedMilliseconds} ms");
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MfaBot.IamSimulator.State;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.IamSimulator;

/// <summary>
/// Faults as AWS has them, per action, before or after the action, switched at run time through "/_faults" and counted
/// there; seen by the AWS CLI and a raw signed client as any IAM client would see them.
/// </summary>
public sealed class FaultKindTests
{
    [Fact]
    public async Task A_ServiceFailure_after_CreateVirtualMFADevice_leaves_the_device_created_though_the_CLI_was_told_it_failed()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var control = new FaultSwitch(server.Endpoint);
        await control.PutAsync(new { actions = new Dictionary<string, object> { ["CreateVirtualMFADevice"] = new { serviceFailureAfter = 1.0 } } });
        using var cli = new AwsCli(server.Endpoint);

        await cli.FailsAsync("ServiceFailure", "iam", "create-virtual-mfa-device", "--virtual-mfa-device-name", "lost-answer",
            "--outfile", "qr.png", "--bootstrap-method", "QRCodePNG");
        // Only that action fails: the list is answered, and shows the device AWS made before its answer was lost.
        var listed = await cli.JsonAsync("iam", "list-virtual-mfa-devices", "--assignment-status", "Unassigned");
        Assert.Contains(listed.GetProperty("VirtualMFADevices").EnumerateArray(),
            d => d.GetProperty("SerialNumber").GetString()!.EndsWith(":mfa/lost-answer", StringComparison.Ordinal));

        var counters = (await control.GetAsync()).GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("CreateVirtualMFADevice").GetProperty("ServiceFailureAfter").GetInt64());
        Assert.Equal(1, counters.GetProperty("ListVirtualMFADevices").GetProperty("Calls").GetInt64());
        Assert.False(counters.GetProperty("ListVirtualMFADevices").TryGetProperty("ServiceFailureAfter", out _));
    }

    [Theory]
    [InlineData("throttling", HttpStatusCode.BadRequest, "Throttling")]
    [InlineData("serviceFailure", HttpStatusCode.InternalServerError, "ServiceFailure")]
    [InlineData("serviceUnavailable", HttpStatusCode.ServiceUnavailable, "ServiceUnavailable")]
    public async Task Error_kinds_before_the_action_change_nothing_and_the_default_applies_to_unnamed_actions(string kind, HttpStatusCode status, string code)
    {
        await using var server = await SimulatorServer.StartAsync();
        using var control = new FaultSwitch(server.Endpoint);
        await control.PutAsync(new { @default = new Dictionary<string, double> { [kind] = 1 }, actions = new { GetUser = new { } } });
        using var iam = new RawIam(server.Endpoint);

        ValidationTests.AssertError(await iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "phone")), status, code);
        Assert.Empty(server.Services.GetRequiredService<IamAccount>().Devices);
        Assert.Equal(HttpStatusCode.OK, (await iam.CallAsync("GetUser")).Status); // its own entry: no faults

        await control.OffAsync();
        Assert.Equal(HttpStatusCode.OK, (await iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "phone"))).Status);
    }

    [Fact]
    public async Task A_reset_connection_after_EnableMFADevice_gives_no_answer_yet_the_device_is_enabled()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var iam = new RawIam(server.Endpoint);
        var (serial, seed) = await iam.CreateAsync("reset-after");
        using var control = new FaultSwitch(server.Endpoint);
        await control.PutAsync(new { actions = new { EnableMFADevice = new { connectionResetAfter = 1.0 } } });

        await Assert.ThrowsAsync<HttpRequestException>(() => iam.EnableAsync("my-user", serial, seed));

        var devices = await iam.CallAsync("ListMFADevices", ("UserName", "my-user"));
        Assert.Equal([serial], devices.All("SerialNumber"));
    }

    [Fact]
    public async Task A_timeout_answers_nothing_until_the_client_gives_up_and_a_timeout_after_the_action_still_applies_it()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var control = new FaultSwitch(server.Endpoint);
        await control.PutAsync(new { actions = new { GetUser = new { timeout = 1.0 }, CreateVirtualMFADevice = new { timeoutAfter = 1.0 } } });
        using var iam = new RawIam(server.Endpoint) { Timeout = TimeSpan.FromMilliseconds(600) };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iam.CallAsync("GetUser"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => iam.CallAsync("CreateVirtualMFADevice", ("VirtualMFADeviceName", "slow")));
        Assert.Single(server.Services.GetRequiredService<IamAccount>().Devices);
        var counters = (await control.GetAsync()).GetProperty("counters");
        Assert.Equal(1, counters.GetProperty("GetUser").GetProperty("Timeout").GetInt64());
        Assert.Equal(1, counters.GetProperty("CreateVirtualMFADevice").GetProperty("TimeoutAfter").GetInt64());
    }

    [Fact]
    public async Task The_control_endpoint_refuses_invalid_rates_naming_them_and_with_a_control_key_refuses_callers_without_it()
    {
        await using (var server = await SimulatorServer.StartAsync())
        {
            using var control = new FaultSwitch(server.Endpoint);
            var refused = await control.Http.PutAsJsonAsync(control.Url, new { @default = new { throttling = 1.5 }, actions = new Dictionary<string, object> { ["NoSuchAction"] = new { } } });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var problems = await refused.Content.ReadAsStringAsync();
            Assert.Contains("faults:Default:Throttling is 1.5; it must be between 0 and 1.", problems, StringComparison.Ordinal);
            Assert.Contains("faults:Actions:NoSuchAction names no IAM action or KMS operation", problems, StringComparison.Ordinal);
        }

        await using var keyed = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:ControlKey"] = "let-me-in" });
        using var keyedControl = new FaultSwitch(keyed.Endpoint);
        Assert.Equal(HttpStatusCode.Forbidden, (await keyedControl.Http.GetAsync(keyedControl.Url)).StatusCode);
        keyedControl.Http.DefaultRequestHeaders.Add("X-Simulator-Control-Key", "let-me-in");
        Assert.Equal(HttpStatusCode.OK, (await keyedControl.Http.GetAsync(keyedControl.Url)).StatusCode);
    }
}

/// <summary>A test's hand on the simulator's run-time fault switch ("{mount}/_faults").</summary>
public sealed class FaultSwitch(Uri endpoint) : IDisposable
{
    public HttpClient Http { get; } = new();

    public Uri Url { get; } = new(endpoint, "_faults");

    public async Task PutAsync(object faults)
    {
        using var reply = await Http.PutAsJsonAsync(Url, faults);
        Assert.True(reply.IsSuccessStatusCode, await reply.Content.ReadAsStringAsync());
    }

    public async Task OffAsync() => (await Http.DeleteAsync(Url)).EnsureSuccessStatusCode();

    public async Task<JsonElement> GetAsync() => JsonDocument.Parse(await Http.GetStringAsync(Url)).RootElement.Clone();

    public void Dispose() => Http.Dispose();
}

using System.Net;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MfaBot.Tests.IamSimulator;

/// <summary>The code window, moved through with a hand-set clock; oathtool computes codes for the same instants.</summary>
public sealed class TimeTravelTests : IAsyncLifetime
{
    // 10 s into a 30 s step, so that ±seconds below stay inside known steps.
    private static readonly DateTimeOffset Start = new(2030, 1, 1, 0, 0, 10, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Start);
    private SimulatorServer _server = null!;
    private RawIam _iam = null!;

    public async Task InitializeAsync()
    {
        _server = await SimulatorServer.StartAsync(configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        _iam = new RawIam(_server.Endpoint) { Clock = () => _clock.Now };
    }

    public async Task DisposeAsync()
    {
        _iam.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Codes_from_the_previous_step_pass_after_a_step_boundary()
    {
        var (serial, secret) = await _iam.CreateAsync("phone");
        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await _iam.EnableAsync("my-user", serial, secret, codesAt: Start)).Status);
    }

    [Fact]
    public async Task Codes_two_steps_old_or_from_the_future_are_refused()
    {
        var (serial, secret) = await _iam.CreateAsync("phone");
        _clock.Advance(TimeSpan.FromSeconds(60));
        ValidationTests.AssertError(await _iam.EnableAsync("my-user", serial, secret, codesAt: Start), HttpStatusCode.Forbidden, "InvalidAuthenticationCode");
        ValidationTests.AssertError(await _iam.EnableAsync("my-user", serial, secret, codesAt: _clock.Now.AddSeconds(30)), HttpStatusCode.Forbidden, "InvalidAuthenticationCode");
        Assert.Equal(HttpStatusCode.OK, (await _iam.EnableAsync("my-user", serial, secret, codesAt: _clock.Now)).Status);
        Assert.Equal(Start.AddSeconds(60), DateTimeOffset.Parse((await _iam.CallAsync("ListMFADevices")).One("EnableDate")!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Resync_accepts_a_drifted_pair_once()
    {
        var (serial, secret) = await _iam.CreateAsync("phone");
        Assert.Equal(HttpStatusCode.OK, (await _iam.EnableAsync("my-user", serial, secret, codesAt: _clock.Now)).Status);
        _clock.Advance(TimeSpan.FromMinutes(2));

        // A phone whose clock runs three minutes ahead.
        var (code1, code2) = await Authenticator.CodesAsync(secret, _clock.Now.AddMinutes(3));
        (string, string)[] resync = [("UserName", "my-user"), ("SerialNumber", serial), ("AuthenticationCode1", code1), ("AuthenticationCode2", code2)];
        Assert.Equal(HttpStatusCode.OK, (await _iam.CallAsync("ResyncMFADevice", resync)).Status);
        ValidationTests.AssertError(await _iam.CallAsync("ResyncMFADevice", resync), HttpStatusCode.Forbidden, "InvalidAuthenticationCode");

        var (far1, far2) = await Authenticator.CodesAsync(secret, _clock.Now.AddHours(1));
        ValidationTests.AssertError(await _iam.CallAsync("ResyncMFADevice", ("UserName", "my-user"), ("SerialNumber", serial),
            ("AuthenticationCode1", far1), ("AuthenticationCode2", far2)), HttpStatusCode.Forbidden, "InvalidAuthenticationCode");
        ValidationTests.AssertError(await _iam.CallAsync("ResyncMFADevice", ("UserName", "alice"), ("SerialNumber", serial),
            ("AuthenticationCode1", far1), ("AuthenticationCode2", far2)), HttpStatusCode.NotFound, "NoSuchEntity");
    }
}

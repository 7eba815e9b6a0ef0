using MfaBot.Tests.Support;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MfaBot.Iam;

namespace MfaBot.Tests.Iam;

/// <summary>Backoff behaviour against a scripted loopback server.</summary>
public sealed class IamRetryTests
{
    [Fact]
    public async Task Throttling_twice_then_success_is_retried_with_a_signature_on_every_attempt()
    {
        await using var stub = await StubIamServer.StartAsync((c, n) =>
            n <= 2 ? StubIamServer.Error(c, 400, "Throttling", "Rate exceeded") : StubIamServer.User(c));
        await using var client = IamClient.Create(stub.Endpoint);

        var user = await client.Gateway.GetUserAsync();

        Assert.Equal("stub-user", user.UserName);
        Assert.Equal(3, stub.Requests.Count);
        Assert.All(stub.Requests, r =>
        {
            Assert.StartsWith("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/", r.Authorization);
            Assert.Matches(@"^\d{8}T\d{6}Z$", r.AmzDate);
            Assert.Equal("Action=GetUser&Version=2010-05-08", r.Body);
        });
    }

    [Fact]
    public async Task Server_errors_are_retried_until_the_attempts_run_out()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => StubIamServer.Error(c, 503, "ServiceUnavailable"));
        await using var client = IamClient.Create(stub.Endpoint, new Dictionary<string, string?> { ["Iam:MaxAttempts"] = "3" });

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal("ServiceUnavailable", e.Code);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, e.StatusCode);
        Assert.Equal("req-ServiceUnavailable", e.RequestId);
        Assert.Equal(3, stub.Requests.Count);
    }

    [Theory]
    [InlineData(404, "NoSuchEntity")]
    [InlineData(403, "InvalidAuthenticationCode")]
    [InlineData(409, "EntityAlreadyExists")]
    [InlineData(403, "AccessDenied")]
    public async Task Client_errors_are_not_retried(int status, string code)
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => StubIamServer.Error(c, status, code));
        await using var client = IamClient.Create(stub.Endpoint);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync("nobody"));

        Assert.Equal(code, e.Code);
        Assert.Equal((HttpStatusCode)status, e.StatusCode);
        Assert.Single(stub.Requests);
    }

    [Fact]
    public async Task A_slow_attempt_times_out_and_the_next_one_answers()
    {
        await using var stub = await StubIamServer.StartAsync(async (c, n) =>
        {
            if (n == 1) await Task.Delay(TimeSpan.FromSeconds(5), c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            else await StubIamServer.User(c);
        });
        await using var client = IamClient.Create(stub.Endpoint, new Dictionary<string, string?> { ["Iam:RequestTimeout"] = "00:00:00.300" });

        var watch = Stopwatch.StartNew();
        var user = await client.Gateway.GetUserAsync();

        Assert.Equal("stub-user", user.UserName);
        Assert.Equal(2, stub.Requests.Count);
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Every_attempt_timing_out_gives_RequestTimeout()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => Task.Delay(TimeSpan.FromSeconds(5), c.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default));
        await using var client = IamClient.Create(stub.Endpoint, new Dictionary<string, string?>
        {
            ["Iam:RequestTimeout"] = "00:00:00.200",
            ["Iam:MaxAttempts"] = "2",
        });

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal(IamErrorCodes.RequestTimeout, e.Code);
        Assert.Null(e.StatusCode);
        Assert.Equal(2, stub.Requests.Count);
    }

    [Fact]
    public async Task Connection_failures_are_retried_then_reported_as_RequestFailed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there any more: connections are refused
        var logs = new RecordingLoggerProvider();
        await using var client = IamClient.Create(new Uri($"http://127.0.0.1:{port}/"), new Dictionary<string, string?> { ["Iam:MaxAttempts"] = "3" }, logs);

        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal(IamErrorCodes.RequestFailed, e.Code);
        Assert.IsType<HttpRequestException>(e.InnerException);
        Assert.Equal(2, logs.Lines.Count(l => l.Contains("retrying in", StringComparison.Ordinal)));
        Assert.Contains(logs.Lines, l => l.Contains("after 3 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Total_backoff_stays_within_the_configured_budget()
    {
        await using var stub = await StubIamServer.StartAsync((c, _) => StubIamServer.Error(c, 400, "Throttling", "Rate exceeded"));
        await using var client = IamClient.Create(stub.Endpoint, new Dictionary<string, string?>
        {
            ["Iam:MaxAttempts"] = "6",
            ["Iam:RetryBaseDelay"] = "00:00:02",
            ["Iam:MaxTotalRetryDelay"] = "00:00:00.300",
        });

        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<IamException>(() => client.Gateway.GetUserAsync());

        Assert.Equal(IamErrorCodes.Throttling, e.Code);
        Assert.Equal(6, stub.Requests.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(3), $"took {watch.Elapsed}");
    }
}

using System.Net;
using System.Text.Json.Nodes;
using MfaBot.Tests.Support;
using Npgsql;

namespace MfaBot.Tests.Operability;

public sealed class HealthTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Live_and_ready_with_the_default_file_store_and_embedded_iam()
    {
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path);

        var live = await Http.GetAsync(bot.BaseUrl + "/healthz");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var ready = await Http.GetAsync(bot.BaseUrl + "/readyz");
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", report["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["iam"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("127.0.0.1")]
    public async Task A_remote_caller_gets_only_the_status_whatever_it_forwards(string? forwardedFor)
    {
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path, services: RemoteCaller.Register);

        var ready = await GetReadyAsync(bot, forwardedFor);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("""{"status":"Healthy"}""", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_remote_caller_of_an_unready_bot_gets_503_and_no_check_names()
    {
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path, settings: RefusedCredentials, services: RemoteCaller.Register);

        var ready = await GetReadyAsync(bot);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("""{"status":"Unhealthy"}""", await ready.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("Always", true, true)]
    [InlineData("always", true, true)]
    [InlineData("Never", false, false)]
    [InlineData("Loopback", false, true)]
    public async Task ReadinessDetails_decides_who_sees_check_names(string mode, bool remoteSees, bool loopbackSees)
    {
        var settings = new Dictionary<string, string?> { ["Operability:ReadinessDetails"] = mode };
        using var folder = new TempFolder();
        await using var local = await BotServer.StartAsync(folder.Path, settings: settings);
        using var other = new TempFolder();
        await using var remote = await BotServer.StartAsync(other.Path, settings: settings, services: RemoteCaller.Register);

        // A loopback caller claiming to be forwarded from elsewhere is still a loopback caller.
        Assert.Equal(loopbackSees, await ShowsChecksAsync(local, forwardedFor: "203.0.113.9"));
        Assert.Equal(remoteSees, await ShowsChecksAsync(remote));
    }

    private static async Task<HttpResponseMessage> GetReadyAsync(BotServer bot, string? forwardedFor = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, bot.BaseUrl + "/readyz");
        if (forwardedFor is not null) request.Headers.Add("X-Forwarded-For", forwardedFor);
        return await Http.SendAsync(request);
    }

    private static async Task<bool> ShowsChecksAsync(BotServer bot, string? forwardedFor = null)
    {
        var ready = await GetReadyAsync(bot, forwardedFor);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        return JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]?["iam"] is not null;
    }

    private static Dictionary<string, string?> RefusedCredentials => new()
    {
        ["Iam:AccessKeyId"] = "AKIANOTKNOWNANYWHERE",
        ["Iam:SecretAccessKey"] = "wrong",
        ["Iam:MaxAttempts"] = "1",
    };

    [Fact]
    public async Task Not_ready_while_postgres_is_unreachable_and_ready_again_when_it_is_back()
    {
        var target = new NpgsqlConnectionStringBuilder(await PostgresTestDatabase.CreateAsync());
        await using var relay = new TcpRelay(target.Host!, target.Port);
        var viaRelay = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Host = "127.0.0.1", Port = relay.Port, Timeout = 3 };
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path, settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = viaRelay.ConnectionString,
            ["Secrets:Keys:0:Id"] = "k1",
            ["Secrets:Keys:0:Key"] = Convert.ToBase64String(new byte[32]),
            ["Secrets:ActiveKeyId"] = "k1",
        });
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(bot.BaseUrl + "/readyz")).StatusCode);

        var relayPort = relay.Port;
        await relay.CutAsync();
        var down = await Http.GetAsync(bot.BaseUrl + "/readyz");
        var report = JsonNode.Parse(await down.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("Unhealthy", report["checks"]!["store"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["iam"]!["status"]!.GetValue<string>());
        Assert.DoesNotContain(relayPort.ToString(), report.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(bot.BaseUrl + "/healthz")).StatusCode);

        await using var back = new TcpRelay(target.Host!, target.Port, relayPort);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(bot.BaseUrl + "/readyz")).StatusCode);
    }

    [Fact]
    public async Task Not_ready_when_iam_refuses_the_bots_credentials()
    {
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path, settings: RefusedCredentials);
        var ready = await Http.GetAsync(bot.BaseUrl + "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["iam"]!["status"]!.GetValue<string>());
    }
}

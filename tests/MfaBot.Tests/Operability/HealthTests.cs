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
        await using var bot = await BotServer.StartAsync(folder.Path, settings: new Dictionary<string, string?>
        {
            ["Iam:AccessKeyId"] = "AKIANOTKNOWNANYWHERE",
            ["Iam:SecretAccessKey"] = "wrong",
            ["Iam:MaxAttempts"] = "1",
        });
        var ready = await Http.GetAsync(bot.BaseUrl + "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["iam"]!["status"]!.GetValue<string>());
    }
}

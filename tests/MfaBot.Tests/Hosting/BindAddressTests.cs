using System.Net;
using MfaBot.Hosting;
using MfaBot.LoadTest.Hosting;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Hosting;

/// <summary>The bot listens where it is told, IPv6 included, and still reaches its IAM (embedded or not).</summary>
public sealed class BindAddressTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Theory]
    [InlineData("http://[::]:3978", "http://[::1]:3978/_iam/")]
    [InlineData("http://[::1]:3978", "http://[::1]:3978/_iam/")]
    [InlineData("http://0.0.0.0:3978", "http://127.0.0.1:3978/_iam/")]
    [InlineData("http://*:3978", "http://127.0.0.1:3978/_iam/")]
    [InlineData("http://+:3978", "http://127.0.0.1:3978/_iam/")]
    [InlineData("http://localhost:3978", "http://127.0.0.1:3978/_iam/")]
    [InlineData("http://mfabot.internal:3978", "http://127.0.0.1:3978/_iam/")]
    [InlineData("http://127.0.0.1:3978", "http://127.0.0.1:3978/_iam/")]
    public void The_embedded_simulator_is_reached_where_the_server_listens(string url, string expected) =>
        Assert.Equal(expected, EmbeddedIam.SelfUrl(BindingAddress.Parse(url)));

    [Theory]
    [InlineData("[::]", "[::1]", true)]
    [InlineData("[::1]", "[::1]", true)]
    [InlineData("0.0.0.0", "127.0.0.1", true)]
    [InlineData("localhost", "127.0.0.1", true)]
    [InlineData("[::]", "[::1]", false)]
    [InlineData("0.0.0.0", "127.0.0.1", false)]
    public async Task The_bot_is_ready_on_each_bind_address_with_and_without_the_embedded_simulator(string bind, string reach, bool embedded)
    {
        await using var standalone = embedded ? null : await SimulatorServer.StartAsync();
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?> { ["Urls"] = $"http://{bind}:{port}" };
        if (standalone is not null)
        {
            settings["IamSimulator:Embedded"] = "false";
            settings["Iam:ServiceUrl"] = standalone.Endpoint.ToString();
            settings["Iam:AccessKeyId"] = SimulatorServer.AccessKeyId;
            settings["Iam:SecretAccessKey"] = SimulatorServer.SecretAccessKey;
        }
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path, settings: settings);

        var ready = await Http.GetAsync($"http://{reach}:{port}/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
    }
}

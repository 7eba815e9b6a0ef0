using System.Net;
using System.Net.Http.Json;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.BotFramework;

/// <summary>
/// Without an app id nothing vouches for an activity's serviceUrl, so the bot (which would send QR codes and secret
/// keys there) only accepts connectors on this machine, whoever the loopback caller is.
/// </summary>
public sealed class UnauthenticatedServiceUrlTests
{
    [Theory]
    [InlineData("http://192.0.2.1/_connector")]
    [InlineData("https://evil.example/")]
    [InlineData("http://localhost.evil.example:3978/_connector")]
    public async Task A_loopback_caller_naming_a_remote_service_url_is_refused_and_nothing_is_sent_there(string remote)
    {
        using var folder = new TempFolder();
        await using var connector = await TestConnector.StartAsync();
        connector.Members[EnrollmentHarness.AlexId] = (EnrollmentHarness.AlexEmail, "Alex Wilber");
        var logs = new RecordingLoggerProvider();
        var outbound = new OutboundCalls();
        await using var bot = await BotServer.StartAsync(folder.Path, logs: logs, services: outbound.Register);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var alex = new TeamsChat(http, bot.BaseUrl, connector, EnrollmentHarness.AlexId, "Alex Wilber");

        var response = await http.PostAsJsonAsync(bot.BaseUrl + "/api/messages", alex.Activity("message", a =>
        {
            a["text"] = "enroll";
            a["serviceUrl"] = remote;
        }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(logs.Lines, l => l.Contains("names a serviceUrl that is not loopback", StringComparison.Ordinal));
        // The same person through the local connector is answered: only the address was refused.
        var skip = connector.Calls.Count;
        await alex.SayAsync("help");
        await alex.NextAsync(_ => true, skip);
        await Task.Delay(300);
        Assert.DoesNotContain(outbound.Uris, u => !LoopbackHost(u));
        Assert.Contains(outbound.Uris, u => u.AbsoluteUri.StartsWith(connector.ServiceUrl, StringComparison.Ordinal));
    }

    private static bool LoopbackHost(Uri uri) => uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}

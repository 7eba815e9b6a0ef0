using System.Net;
using System.Security.Cryptography;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.BotFramework;

/// <summary>
/// Inbound auth of the whole app as Program.cs composes it (not the channel alone), with a loopback OpenID
/// metadata + JWKS server as the metadata source. Typing activities: accepted ones need no outbound token.
/// </summary>
public sealed class AppInboundAuthTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string ServiceUrl = "https://smba.example.test/emea/";
    private readonly TempFolder _folder = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private OpenIdTestServer _openId = null!;
    private BotServer _bot = null!;

    public async Task InitializeAsync()
    {
        _openId = await OpenIdTestServer.StartAsync();
        _bot = await BotServer.StartAsync(_folder.Path, settings: new Dictionary<string, string?>
        {
            ["BotFramework:MicrosoftAppId"] = AppId,
            ["BotFramework:MicrosoftAppPassword"] = "not-used-here",
            ["BotFramework:OpenIdMetadataUrl"] = _openId.MetadataUrl,
        });
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _openId.DisposeAsync();
        _http.Dispose();
        _folder.Dispose();
    }

    private async Task<HttpStatusCode> PostAsync(string? token)
    {
        var activity = Activities.Message(Guid.NewGuid().ToString(), serviceUrl: ServiceUrl);
        activity["type"] = "typing";
        using var request = new HttpRequestMessage(HttpMethod.Post, _bot.BaseUrl + "/api/messages") { Content = new StringContent(activity.ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await _http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task A_good_token_passes_and_every_spoiled_one_is_refused_with_401()
    {
        using var otherKey = RSA.Create(2048);
        Assert.Equal(HttpStatusCode.Accepted, await PostAsync(_openId.Token(AppId, ServiceUrl)));

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_openId.Token(AppId, ServiceUrl, issuer: "https://issuer.example.test/")));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_openId.Token("another-app", ServiceUrl)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_openId.Token(AppId, ServiceUrl, signWith: otherKey)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_openId.Token(AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-10))));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(OpenIdTestServer.UnsignedToken(AppId, ServiceUrl)));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(_openId.Token(AppId, "https://elsewhere.example.test/")));
    }
}

using System.Net;
using System.Security.Cryptography;
using MfaBot.Channels.BotFramework.Auth;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.BotFramework;

public sealed class InboundAuthTests : IAsyncLifetime
{
    private const string AppId = "11111111-2222-3333-4444-555555555555";
    private const string Tenant = "99999999-8888-7777-6666-555555555555";
    private const string ServiceUrl = "https://smba.example.test/amer/";
    private OpenIdTestServer _openId = null!;

    public async Task InitializeAsync() => _openId = await OpenIdTestServer.StartAsync();

    public async Task DisposeAsync() => await _openId.DisposeAsync();

    private Task<BotHost> StartBotAsync(string appType = "MultiTenant") => BotHost.StartAsync(new Dictionary<string, string?>
    {
        ["BotFramework:MicrosoftAppId"] = AppId,
        ["BotFramework:MicrosoftAppType"] = appType,
        ["BotFramework:MicrosoftAppTenantId"] = appType == "SingleTenant" ? Tenant : "",
        ["BotFramework:MicrosoftAppPassword"] = "not-used-here",
        ["BotFramework:OpenIdMetadataUrl"] = _openId.MetadataUrl,
        ["BotFramework:EntraOpenIdMetadataUrl"] = _openId.MetadataUrl,
    });

    private static string Activity(string id, string serviceUrl = ServiceUrl) => Activities.Message(id, serviceUrl: serviceUrl).ToJsonString();

    [Fact]
    public async Task Good_token_is_accepted_and_its_service_url_becomes_trusted()
    {
        await using var bot = await StartBotAsync();
        var trusted = bot.Services.GetRequiredService<TrustedServiceUrls>();
        Assert.False(trusted.IsTrusted(ServiceUrl));

        // The claim lacks the trailing slash the activity has: still the same connector.
        var response = await bot.PostAsync(Activity("ok"), _openId.Token(AppId, ServiceUrl.TrimEnd('/')));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await bot.Handler.WaitForAsync("ok");
        Assert.True(trusted.IsTrusted(ServiceUrl));
    }

    public static TheoryData<string> BadTokens => ["no token", "wrong issuer", "wrong audience", "expired", "wrong key same kid",
        "unknown kid", "alg none", "serviceurl mismatch", "garbage"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_token_is_401_with_no_detail(string spoiled)
    {
        await using var bot = await StartBotAsync();
        using var otherKey = RSA.Create(2048);
        var token = spoiled switch
        {
            "no token" => null,
            "wrong issuer" => _openId.Token(AppId, ServiceUrl, issuer: "https://sts.windows.net/" + Tenant + "/"),
            "wrong audience" => _openId.Token("someone-else", ServiceUrl),
            "expired" => _openId.Token(AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-6)),
            "wrong key same kid" => _openId.Token(AppId, ServiceUrl, signWith: otherKey),
            "unknown kid" => _openId.Token(AppId, ServiceUrl, signWith: otherKey, keyId: "other"),
            "alg none" => OpenIdTestServer.UnsignedToken(AppId, ServiceUrl),
            "serviceurl mismatch" => _openId.Token(AppId, "https://evil.example.test/"),
            _ => "not.a.jwt",
        };

        var response = await bot.PostAsync(Activity("bad"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("unauthorized", await response.Content.ReadAsStringAsync());
        Assert.Contains(bot.Logs.Lines, l => l.Contains("call refused", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Lines, l => token is not null && l.Contains(token, StringComparison.Ordinal));
        Assert.Empty(bot.Handler.Seen);
    }

    [Fact]
    public async Task Token_within_the_clock_skew_is_accepted()
    {
        await using var bot = await StartBotAsync();
        var response = await bot.PostAsync(Activity("skew"), _openId.Token(AppId, ServiceUrl, expires: DateTime.UtcNow.AddMinutes(-3)));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_caller_cannot_probe_the_parser()
    {
        await using var bot = await StartBotAsync();
        var response = await bot.PostAsync("{not json", _openId.Token("someone-else", ServiceUrl));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("SingleTenant", HttpStatusCode.Accepted)]
    [InlineData("MultiTenant", HttpStatusCode.Unauthorized)]
    public async Task Entra_issuer_of_the_tenant_is_accepted_only_for_single_tenant_bots(string appType, HttpStatusCode expected)
    {
        await using var bot = await StartBotAsync(appType);
        foreach (var issuer in new[] { $"https://sts.windows.net/{Tenant}/", $"https://login.microsoftonline.com/{Tenant}/v2.0" })
        {
            var response = await bot.PostAsync(Activity("e-" + issuer.Length), _openId.Token(AppId, ServiceUrl, issuer: issuer));
            Assert.Equal(expected, response.StatusCode);
        }
    }

    [Fact]
    public async Task Without_app_id_loopback_callers_need_no_token_but_only_loopback_service_urls_are_accepted()
    {
        await using var bot = await BotHost.StartAsync();
        var response = await bot.PostAsync(Activity("loop", Activities.ServiceUrl));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await bot.Handler.WaitForAsync("loop");

        var remote = await bot.PostAsync(Activity("remote"));
        Assert.Equal(HttpStatusCode.Forbidden, remote.StatusCode);
        Assert.Contains(bot.Logs.Lines, l => l.Contains("not loopback", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Handler.Seen, a => a.Id == "remote");
        // Unauthenticated callers never make a URL trusted for the bot's token.
        var trusted = bot.Services.GetRequiredService<TrustedServiceUrls>();
        Assert.False(trusted.IsTrusted(ServiceUrl));
        Assert.False(trusted.IsTrusted(Activities.ServiceUrl));
    }
}

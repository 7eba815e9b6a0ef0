using MfaBot.Tests.Support;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MfaBot.Tests.BotFramework;

/// <summary>
/// Stands in for login.botframework.com: OpenID metadata and a JWKS on loopback, with an RSA key made here,
/// and mints tokens signed with it.
/// </summary>
public sealed class OpenIdTestServer : IAsyncDisposable
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string KeyId = "test-key-1";

    private readonly WebApplication _app;
    private readonly RSA _rsa;

    private OpenIdTestServer(WebApplication app, RSA rsa, string baseUrl)
    {
        _app = app;
        _rsa = rsa;
        MetadataUrl = baseUrl + "/v1/.well-known/openidconfiguration";
    }

    public string MetadataUrl { get; }

    public static async Task<OpenIdTestServer> StartAsync()
    {
        var rsa = RSA.Create(2048);
        var builder = LoopbackApp.CreateBuilder();
        var app = builder.Build();
        string? baseUrl = null;
        app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = BotFrameworkIssuer,
            ["jwks_uri"] = baseUrl + "/v1/keys",
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        }));
        app.MapGet("/v1/keys", () => Results.Json(new { keys = new[] { Jwk(rsa) } }));
        baseUrl = await LoopbackApp.StartAsync(app);
        return new OpenIdTestServer(app, rsa, baseUrl);
    }

    private static Dictionary<string, object> Jwk(RSA rsa)
    {
        var p = rsa.ExportParameters(false);
        return new()
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = KeyId,
            ["n"] = Base64UrlEncoder.Encode(p.Modulus!),
            ["e"] = Base64UrlEncoder.Encode(p.Exponent!),
            ["endorsements"] = new[] { "msteams" },
        };
    }

    /// <summary>A token as the Bot Framework issues it; every part can be spoiled by the arguments.</summary>
    public string Token(string audience, string serviceUrl, string issuer = BotFrameworkIssuer,
        DateTime? expires = null, RSA? signWith = null, string keyId = KeyId)
    {
        var exp = expires ?? DateTime.UtcNow.AddMinutes(30);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = exp.AddMinutes(-60),
            NotBefore = exp.AddMinutes(-60),
            Expires = exp,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? _rsa) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        });
    }

    /// <summary>The same claims, unsigned (alg "none").</summary>
    public static string UnsignedToken(string audience, string serviceUrl)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        static string Part(object o) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(o)));
        var header = Part(new { alg = "none", typ = "JWT" });
        var payload = Part(new { iss = BotFrameworkIssuer, aud = audience, serviceurl = serviceUrl, nbf = now - 60, iat = now - 60, exp = now + 1800 });
        return $"{header}.{payload}.";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}

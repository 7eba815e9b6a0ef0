using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MfaBot.Channels.BotFramework.Auth;

/// <summary>
/// Signing keys and issuers of the token issuers we accept: the Bot Framework, and for a single-tenant
/// bot also Entra ID of its tenant. Documents are cached and refreshed by ConfigurationManager.
/// </summary>
internal sealed class OpenIdMetadata
{
    public const string BotFrameworkIssuer = "https://api.botframework.com";
    public const string HttpClientName = "MfaBot.BotFramework.OpenId";

    private readonly IReadOnlyList<ConfigurationManager<OpenIdConnectConfiguration>> _managers;

    public OpenIdMetadata(IOptions<BotFrameworkOptions> options, IHttpClientFactory httpClients)
    {
        var o = options.Value;
        var urls = new List<string> { o.OpenIdMetadataUrl };
        var issuers = new List<string> { BotFrameworkIssuer };
        if (o.MicrosoftAppType == MicrosoftAppType.SingleTenant)
        {
            var tenant = o.MicrosoftAppTenantId;
            urls.Add(o.EntraOpenIdMetadataUrl.Length > 0
                ? o.EntraOpenIdMetadataUrl
                : $"https://login.microsoftonline.com/{Uri.EscapeDataString(tenant)}/v2.0/.well-known/openid-configuration");
            issuers.Add($"https://sts.windows.net/{tenant}/");
            issuers.Add($"https://login.microsoftonline.com/{tenant}/v2.0");
        }
        ValidIssuers = issuers;
        _managers = [.. urls.Select(url => Create(url, httpClients))];
    }

    public IReadOnlyList<string> ValidIssuers { get; }

    public async Task<IReadOnlyList<SecurityKey>> GetSigningKeysAsync(CancellationToken ct)
    {
        var keys = new List<SecurityKey>();
        foreach (var manager in _managers)
            keys.AddRange((await manager.GetConfigurationAsync(ct)).SigningKeys);
        return keys;
    }

    /// <summary>Called when a token names a key we do not know: the issuer may have rolled its keys.</summary>
    public void RequestRefresh()
    {
        foreach (var manager in _managers) manager.RequestRefresh();
    }

    private static ConfigurationManager<OpenIdConnectConfiguration> Create(string url, IHttpClientFactory httpClients)
    {
        var retriever = new HttpDocumentRetriever(httpClients.CreateClient(HttpClientName))
        {
            RequireHttps = !BotFrameworkOptionsValidator.IsLoopback(new Uri(url)),
        };
        return new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), retriever);
    }
}

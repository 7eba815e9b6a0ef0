using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>
/// Tokens for scope https://api.botframework.com/.default from the Azure.Identity credential that matches
/// MicrosoftAppType. The credential caches tokens until shortly before they expire.
/// </summary>
internal sealed class AzureIdentityBotTokenProvider(IOptions<BotFrameworkOptions> options) : IBotTokenProvider
{
    private static readonly TokenRequestContext Request = new(["https://api.botframework.com/.default"]);
    private readonly Lazy<TokenCredential> _credential = new(() => CreateCredential(options.Value));

    public async Task<string> GetTokenAsync(CancellationToken ct) =>
        (await _credential.Value.GetTokenAsync(Request, ct)).Token;

    internal static TokenCredential CreateCredential(BotFrameworkOptions o)
    {
        if (o.MicrosoftAppType == MicrosoftAppType.UserAssignedMSI)
            return new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.MicrosoftAppId));
        if (o.MicrosoftAppPassword.Length > 0)
            return new ClientSecretCredential(o.TokenTenant, o.MicrosoftAppId, o.MicrosoftAppPassword);
        if (o.CertificatePath.Length > 0)
            return new ClientCertificateCredential(o.TokenTenant, o.MicrosoftAppId, o.CertificatePath);
        return new ClientCertificateCredential(o.TokenTenant, o.MicrosoftAppId, FindByThumbprint(o.CertificateThumbprint));
    }

    private static X509Certificate2 FindByThumbprint(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            using var store = new X509Store(StoreName.My, location);
            store.Open(OpenFlags.ReadOnly);
            var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint, validOnly: false);
            if (found.Count > 0) return found[0];
        }
        throw new InvalidOperationException($"BotFramework:CertificateThumbprint {thumbprint} is not in the CurrentUser or LocalMachine 'My' store.");
    }
}

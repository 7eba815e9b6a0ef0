using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Identity;

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>The Azure.Identity credential for the bot's identity, chosen by MicrosoftAppType and the configured secret.</summary>
public static class BotCredentials
{
    public static TokenCredential Create(BotFrameworkOptions o)
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

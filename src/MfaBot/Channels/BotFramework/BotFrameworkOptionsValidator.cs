using System.Net;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework;

/// <summary>Checked at start so a misconfigured deployment fails with the name of the bad setting.</summary>
internal sealed class BotFrameworkOptionsValidator : IValidateOptions<BotFrameworkOptions>
{
    private const string P = BotFrameworkOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, BotFrameworkOptions o)
    {
        var errors = new List<string>();
        CheckUrl(errors, nameof(o.OpenIdMetadataUrl), o.OpenIdMetadataUrl, required: true);
        CheckUrl(errors, nameof(o.EntraOpenIdMetadataUrl), o.EntraOpenIdMetadataUrl, required: false);
        if (o.HasAppId) CheckCredentials(errors, o);
        else if (o.MicrosoftAppPassword.Length > 0 || o.CertificatePath.Length > 0 || o.CertificateThumbprint.Length > 0)
            errors.Add($"{P}MicrosoftAppId is empty but a credential is configured; set the app id or remove the credential.");
        if (o.MicrosoftAppType == MicrosoftAppType.SingleTenant && string.IsNullOrWhiteSpace(o.MicrosoftAppTenantId))
            errors.Add($"{P}MicrosoftAppTenantId is required when {P}MicrosoftAppType is SingleTenant.");
        if (o.MicrosoftAppTenantId.Contains('/', StringComparison.Ordinal))
            errors.Add($"{P}MicrosoftAppTenantId must be a tenant id or domain, not a URL.");
        foreach (var url in o.TrustedServiceUrls)
            if (!Uri.TryCreate(url, UriKind.Absolute, out _)) errors.Add($"{P}TrustedServiceUrls contains '{url}', which is not an absolute URL.");
        Positive(errors, nameof(o.MaxRequestBodyBytes), o.MaxRequestBodyBytes);
        Positive(errors, nameof(o.DeduplicationCapacity), o.DeduplicationCapacity);
        Positive(errors, nameof(o.WorkQueueCapacity), o.WorkQueueCapacity);
        Positive(errors, nameof(o.MaxConcurrentConversations), o.MaxConcurrentConversations);
        Positive(errors, nameof(o.ConnectorMaxAttempts), o.ConnectorMaxAttempts);
        if (o.DeduplicationWindow <= TimeSpan.Zero) errors.Add($"{P}DeduplicationWindow must be positive.");
        if (o.ConnectorTimeout <= TimeSpan.Zero) errors.Add($"{P}ConnectorTimeout must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckCredentials(List<string> errors, BotFrameworkOptions o)
    {
        var count = new[] { o.MicrosoftAppPassword, o.CertificateThumbprint, o.CertificatePath }.Count(s => s.Length > 0);
        if (o.MicrosoftAppType == MicrosoftAppType.UserAssignedMSI)
        {
            if (count > 0) errors.Add($"{P}MicrosoftAppType UserAssignedMSI takes no password or certificate; remove them.");
            return;
        }
        if (count != 1)
            errors.Add($"{P}MicrosoftAppType {o.MicrosoftAppType} needs exactly one of {P}MicrosoftAppPassword, {P}CertificateThumbprint, {P}CertificatePath (found {count}).");
        if (o.CertificatePath.Length > 0 && !File.Exists(o.CertificatePath))
            errors.Add($"{P}CertificatePath '{o.CertificatePath}' does not exist.");
    }

    private static void CheckUrl(List<string> errors, string key, string value, bool required)
    {
        if (value.Length == 0)
        {
            if (required) errors.Add($"{P}{key} is required.");
            return;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && !IsLoopback(uri)))
            errors.Add($"{P}{key} must be an absolute https URL (http only for loopback).");
    }

    internal static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));

    private static void Positive(List<string> errors, string key, int value)
    {
        if (value <= 0) errors.Add($"{P}{key} must be positive.");
    }
}

namespace MfaBot.Channels.BotFramework;

public enum MicrosoftAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}

/// <summary>Settings of the Bot Framework channel (section "BotFramework").</summary>
public sealed class BotFrameworkOptions
{
    public const string Section = "BotFramework";
    public const string DefaultOpenIdMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>Empty: no inbound token check (loopback callers only) and no outbound token, for the Test Tool.</summary>
    public string MicrosoftAppId { get; set; } = "";
    public MicrosoftAppType MicrosoftAppType { get; set; } = MicrosoftAppType.MultiTenant;
    public string MicrosoftAppTenantId { get; set; } = "";
    public string MicrosoftAppPassword { get; set; } = "";
    public string CertificateThumbprint { get; set; } = "";
    public string CertificatePath { get; set; } = "";
    public string OpenIdMetadataUrl { get; set; } = DefaultOpenIdMetadataUrl;

    /// <summary>Single-tenant only; default https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration.</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "";

    /// <summary>Service URL prefixes that may receive our token before any caller from them was validated
    /// (proactive messages after a restart).</summary>
    public List<string> TrustedServiceUrls { get; set; } = ["https://smba.trafficmanager.net/"];

    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;
    /// <summary>How long a delivery id is remembered: a platform's redelivery or retry within it gets no second answer.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);
    /// <summary>Entries kept by the in-memory duplicate guard (used only when no shared store is registered).</summary>
    public int DeduplicationCapacity { get; set; } = 10_000;

    /// <summary>Activities accepted but not yet handled, across all conversations; beyond it callers get 503.</summary>
    public int WorkQueueCapacity { get; set; } = 1_000;
    public int MaxConcurrentConversations { get; set; } = 16;

    public int ConnectorMaxAttempts { get; set; } = 4;
    public TimeSpan ConnectorMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ConnectorTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool HasAppId => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>Tenant that issues the outbound token: the bot's own for single-tenant, else "botframework.com".</summary>
    public string TokenTenant => MicrosoftAppType == MicrosoftAppType.SingleTenant ? MicrosoftAppTenantId : "botframework.com";
}

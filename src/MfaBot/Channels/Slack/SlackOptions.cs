namespace MfaBot.Channels.Slack;

/// <summary>Settings of the Slack channel (section "Slack"). The channel is on only when both secrets are set.</summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";
    public const string DefaultApiBaseUrl = "https://slack.com/api/";

    /// <summary>From the app's Basic Information page; verifies every inbound request.</summary>
    public string SigningSecret { get; set; } = "";

    /// <summary>The bot user OAuth token (xoxb-…) used for every Web API call.</summary>
    public string BotToken { get; set; } = "";

    /// <summary>Where the Web API lives; tests point it at a local server.</summary>
    public string ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Requests whose timestamp is further than this from now are refused (replay protection).</summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;
    /// <summary>How long a delivery id is remembered: a platform's redelivery or retry within it gets no second answer.</summary>
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromHours(24);
    public int WorkQueueCapacity { get; set; } = 1_000;
    public int MaxConcurrentConversations { get; set; } = 16;

    public int ApiMaxAttempts { get; set; } = 4;
    public TimeSpan ApiMaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsEnabled => !string.IsNullOrWhiteSpace(SigningSecret) && !string.IsNullOrWhiteSpace(BotToken);
}

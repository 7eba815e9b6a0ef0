using Microsoft.Extensions.Options;

namespace MfaBot.Channels.Slack;

/// <summary>Checked at start so a misconfigured deployment fails with the name of the bad setting.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    private const string P = SlackOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, SlackOptions o)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(o.SigningSecret) != string.IsNullOrWhiteSpace(o.BotToken))
            errors.Add($"{P}SigningSecret and {P}BotToken must be set together (or both left empty to turn Slack off).");
        if (!Uri.TryCreate(o.ApiBaseUrl, UriKind.Absolute, out var api) || (api.Scheme != Uri.UriSchemeHttps && !(api.Scheme == Uri.UriSchemeHttp && api.IsLoopback)))
            errors.Add($"{P}ApiBaseUrl must be an absolute https URL (http only for loopback).");
        if (o.SignatureTolerance <= TimeSpan.Zero || o.SignatureTolerance > TimeSpan.FromMinutes(5))
            errors.Add($"{P}SignatureTolerance must be positive and at most 5 minutes.");
        if (o.DeduplicationWindow <= TimeSpan.Zero) errors.Add($"{P}DeduplicationWindow must be positive.");
        if (o.ApiTimeout <= TimeSpan.Zero) errors.Add($"{P}ApiTimeout must be positive.");
        foreach (var (key, value) in new[] { ("MaxRequestBodyBytes", o.MaxRequestBodyBytes),
                     ("WorkQueueCapacity", o.WorkQueueCapacity), ("MaxConcurrentConversations", o.MaxConcurrentConversations), ("ApiMaxAttempts", o.ApiMaxAttempts) })
            if (value <= 0) errors.Add($"{P}{key} must be positive.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

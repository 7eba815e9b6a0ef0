namespace MfaBot.Channels.Slack.WebApi;

/// <summary>A Web API call that Slack refused ({"ok": false, "error": …}) or that failed at the HTTP level.</summary>
public sealed class SlackApiException(string method, string error, int httpStatus = 200)
    : Exception($"Slack {method} failed: {error} (HTTP {httpStatus})")
{
    public string Method { get; } = method;

    /// <summary>Slack's error code, e.g. "channel_not_found", "ratelimited", "not_authed".</summary>
    public string Error { get; } = error;

    public int HttpStatus { get; } = httpStatus;
}

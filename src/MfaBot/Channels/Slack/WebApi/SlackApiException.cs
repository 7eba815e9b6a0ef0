using MfaBot.Conversation;

namespace MfaBot.Channels.Slack.WebApi;

/// <summary>
/// A Web API call that Slack refused ({"ok": false, "error": …}), that failed at the HTTP level, or that never got
/// an answer (<see cref="Unreachable"/>, HTTP status 0). Carries Slack's error code, never request or reply text.
/// </summary>
public sealed class SlackApiException(string method, string error, int httpStatus = 200, TimeSpan? retryAfter = null, Exception? inner = null)
    : ChannelDeliveryException($"Slack {method} failed: {error} (HTTP {httpStatus})", inner)
{
    /// <summary>The error code for a call that got no answer (connection failed or timed out).</summary>
    public const string Unreachable = "unreachable";

    public string Method { get; } = method;

    /// <summary>Slack's error code, e.g. "channel_not_found", "ratelimited", "not_authed".</summary>
    public string Error { get; } = error;

    public int HttpStatus { get; } = httpStatus;

    public override TimeSpan? RetryAfter { get; } = retryAfter;

    public override DeliveryFailure Failure => IsTransient ? DeliveryFailure.Transient : Error switch
    {
        "user_not_found" or "users_not_found" or "user_not_visible" or "user_disabled" or "channel_not_found" or "not_in_channel" => DeliveryFailure.NotFound,
        _ => DeliveryFailure.Refused,
    };

    // Slack may have posted the message before the connection broke or a gateway gave up waiting.
    public override bool MayHaveBeenDelivered => Error == Unreachable || HttpStatus is 502 or 504;

    private bool IsTransient => HttpStatus is 0 or 429 or >= 500
        || Error is "ratelimited" or "internal_error" or "fatal_error" or "service_unavailable" or "request_timeout";
}

using MfaBot.Channels.BotFramework.Bridge;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Channels.Inbound;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>
/// Checks, before an activity is accepted, the fields the bot later builds URLs, state keys and de-duplication keys
/// from, so a malformed one gets a 400 now instead of failing in the background after a 202 (or, for a huge id,
/// sitting in the de-duplication cache for its whole window).
/// </summary>
internal static class ActivityShape
{
    /// <returns>What is wrong, or null.</returns>
    public static string? Problem(Activity activity)
    {
        if (activity.ServiceUrl is { } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            return "serviceUrl must be an absolute http(s) URL";
        foreach (var (name, id) in new[] { ("id", activity.Id), ("channelId", activity.ChannelId), ("conversation.id", activity.Conversation?.Id), ("from.id", activity.From?.Id) })
            if (id is not null && !InboundIdentifier.IsValid(id)) return $"{name} must be {InboundIdentifier.Rule}";
        // These may be empty; given, they go into state keys and audit records too.
        foreach (var (name, value) in new[] { ("tenant id", ActivityToTurn.TenantOf(activity)), ("from.name", activity.From?.Name), ("replyToId", activity.ReplyToId) })
            if (!string.IsNullOrEmpty(value) && !InboundIdentifier.IsValid(value)) return $"{name} must be {InboundIdentifier.Rule}";
        return null;
    }
}

using System.Text;
using MfaBot.Channels.BotFramework.Schema;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>
/// Checks, before an activity is accepted, the fields the bot later builds URLs, state keys and de-duplication keys
/// from, so a malformed one gets a 400 now instead of failing in the background after a 202 (or, for a huge id,
/// sitting in the de-duplication cache for its whole window).
/// </summary>
internal static class ActivityShape
{
    public const int MaxIdLength = 256;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <returns>What is wrong, or null.</returns>
    public static string? Problem(Activity activity)
    {
        if (activity.ServiceUrl is { } url &&
            (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
            return "serviceUrl must be an absolute http(s) URL";
        foreach (var (name, id) in new[] { ("id", activity.Id), ("channelId", activity.ChannelId), ("conversation.id", activity.Conversation?.Id), ("from.id", activity.From?.Id) })
            if (id is not null && !IsIdentifier(id)) return $"{name} must be 1 to {MaxIdLength} characters of well-formed text without control characters";
        return null;
    }

    private static bool IsIdentifier(string id)
    {
        if (id.Length is 0 or > MaxIdLength || id.Any(char.IsControl)) return false;
        try
        {
            _ = StrictUtf8.GetByteCount(id);
            return true;
        }
        catch (EncoderFallbackException)
        {
            return false;
        }
    }
}

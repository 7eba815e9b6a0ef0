using MfaBot.Coordination;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>
/// Keeps a channel's redelivery of an activity from being processed twice, through the registered
/// <see cref="IDuplicateGuard"/>: shared by every instance when the app has a state store, in memory otherwise.
/// </summary>
internal sealed class ActivityDeduplicator(IDuplicateGuard guard, IOptions<BotFrameworkOptions> options)
{
    public static string Key(string? channelId, string? conversationId, string activityId) =>
        string.Join('\n', "botframework", channelId ?? "", conversationId ?? "", activityId);

    /// <returns>false when the key was already seen within the window.</returns>
    public Task<bool> TryRegisterAsync(string key, CancellationToken ct) => guard.TryClaimAsync(key, options.Value.DeduplicationWindow, ct);

    /// <summary>Forgets an activity that was registered but could not be accepted, so its retry is processed.</summary>
    public Task ForgetAsync(string key) => guard.ReleaseAsync(key, CancellationToken.None);
}

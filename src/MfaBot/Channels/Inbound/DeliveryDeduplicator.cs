using MfaBot.Coordination;

namespace MfaBot.Channels.Inbound;

/// <summary>
/// Keeps a channel's redelivery from being processed twice, through the registered <see cref="IDuplicateGuard"/>:
/// shared by every instance when the app has a state store, in memory otherwise. One subclass per channel.
/// </summary>
internal abstract class DeliveryDeduplicator(IDuplicateGuard guard, string channel, TimeSpan window)
{
    public string Key(params string?[] parts) => string.Join('\n', parts.Prepend(channel).Select(p => p ?? ""));

    /// <returns>false when the key was already seen within the window.</returns>
    public Task<bool> TryRegisterAsync(string key, CancellationToken ct) => guard.TryClaimAsync(key, window, ct);

    /// <summary>Forgets a delivery that was registered but could not be accepted, so its retry is processed.</summary>
    public Task ForgetAsync(string key) => guard.ReleaseAsync(key, CancellationToken.None);
}

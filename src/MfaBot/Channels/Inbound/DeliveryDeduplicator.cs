using MfaBot.Coordination;
using Microsoft.Extensions.Logging;

namespace MfaBot.Channels.Inbound;

public enum DeliveryCheck
{
    First,
    Duplicate,

    /// <summary>The shared store could not be asked: refuse (503) so the channel retries later; nothing was done.</summary>
    Unavailable,
}

/// <summary>
/// Keeps a channel's redelivery from being processed twice, through the registered <see cref="IDuplicateGuard"/>:
/// shared by every instance when the app has a state store, in memory otherwise. One subclass per channel. A store
/// failure never becomes a 500 here: checking reports it, forgetting logs it.
/// </summary>
internal abstract partial class DeliveryDeduplicator(IDuplicateGuard guard, string channel, TimeSpan window, ILogger logger)
{
    public string Key(params string?[] parts) => string.Join('\n', parts.Prepend(channel).Select(p => p ?? ""));

    public async Task<DeliveryCheck> CheckAsync(string key, CancellationToken ct)
    {
        try
        {
            return await guard.TryClaimAsync(key, window, ct) ? DeliveryCheck.First : DeliveryCheck.Duplicate;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            LogCheckFailed(logger, e, channel);
            return DeliveryCheck.Unavailable;
        }
    }

    /// <summary>Forgets a delivery that was registered but could not be accepted, so its retry is processed.</summary>
    public async Task ForgetAsync(string key)
    {
        try
        {
            await guard.ReleaseAsync(key, CancellationToken.None);
        }
        catch (Exception e)
        {
            // The retry will then be taken for a duplicate until the window ends; rare, and logged.
            LogForgetFailed(logger, e, channel);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not check a {Channel} delivery for duplicates; refused with 503")]
    private static partial void LogCheckFailed(ILogger logger, Exception e, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forget a refused {Channel} delivery for duplicate checks")]
    private static partial void LogForgetFailed(ILogger logger, Exception e, string channel);
}

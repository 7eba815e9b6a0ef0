namespace MfaBot.Conversation;

/// <summary>What a failed platform call means for the sender, in channel-neutral terms.</summary>
public enum DeliveryFailure
{
    /// <summary>Throttled or temporarily unavailable: trying again later may work.</summary>
    Transient,

    /// <summary>The person blocked or removed the bot.</summary>
    Blocked,

    /// <summary>The person or conversation does not exist for the bot (e.g. app not installed for them).</summary>
    NotFound,

    /// <summary>Refused for any other reason; trying again will not help.</summary>
    Refused,
}

/// <summary>
/// A platform call that failed. Channels throw a subclass; feature code decides from <see cref="Failure"/> and
/// <see cref="MayHaveBeenDelivered"/> whether to retry, give up, or report the outcome as unknown.
/// </summary>
public abstract class ChannelDeliveryException(string message, Exception? inner) : Exception(message, inner)
{
    public abstract DeliveryFailure Failure { get; }

    /// <summary>True when the platform may have acted on the request before it failed (connection lost, gateway timeout).</summary>
    public abstract bool MayHaveBeenDelivered { get; }

    /// <summary>How long the platform asked the caller to wait, when it said.</summary>
    public abstract TimeSpan? RetryAfter { get; }
}

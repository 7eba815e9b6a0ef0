using System.Net;
using MfaBot.Conversation;

namespace MfaBot.Channels.BotFramework.Connector;

public enum ConnectorErrorKind
{
    /// <summary>Any other refusal or failure of the connector.</summary>
    Failed,
    /// <summary>Still throttled or unavailable after the retries.</summary>
    Throttled,
    /// <summary>403 MessageWritesBlocked: the user blocked or removed the bot.</summary>
    BotBlocked,
    NotFound,
    Unauthorized,
    /// <summary>The connector could not be reached (network, timeout).</summary>
    Unreachable,
    /// <summary>Refused locally: an app id is configured and the service URL is not trusted with our token.</summary>
    UntrustedServiceUrl,
}

/// <summary>A failed Bot Connector call. Carries no request or response text, only status and error code.</summary>
public sealed class ConnectorException : ChannelDeliveryException
{
    public ConnectorException(ConnectorErrorKind kind, HttpStatusCode? status, string? errorCode, TimeSpan? retryAfter, string operation, Exception? inner = null)
        : base($"Bot Connector {operation} failed: {kind}" + (status is null ? "" : $" (HTTP {(int)status}{(errorCode is null ? "" : " " + errorCode)})"), inner)
    {
        Kind = kind;
        Status = status;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    public override DeliveryFailure Failure => Kind switch
    {
        ConnectorErrorKind.Throttled or ConnectorErrorKind.Unreachable => DeliveryFailure.Transient,
        ConnectorErrorKind.BotBlocked => DeliveryFailure.Blocked,
        ConnectorErrorKind.NotFound => DeliveryFailure.NotFound,
        _ => DeliveryFailure.Refused,
    };

    // A broken connection or a gateway timeout can follow a request the connector already accepted.
    public override bool MayHaveBeenDelivered => Kind == ConnectorErrorKind.Unreachable
        || Status is HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout;

    public ConnectorErrorKind Kind { get; }
    public HttpStatusCode? Status { get; }

    /// <summary>The connector's <c>error.code</c>, e.g. "MessageWritesBlocked", when it sent one.</summary>
    public string? ErrorCode { get; }

    public override TimeSpan? RetryAfter { get; }
}

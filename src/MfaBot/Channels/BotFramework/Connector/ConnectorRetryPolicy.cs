using System.Net;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>
/// When to try a connector call again: throttling and transient statuses, honouring Retry-After, otherwise
/// exponential backoff with jitter; bounded in attempts and in the longest single wait.
/// </summary>
internal sealed class ConnectorRetryPolicy(IOptions<BotFrameworkOptions> options, TimeProvider time)
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(500);

    public static bool IsTransient(HttpStatusCode status) => status is HttpStatusCode.TooManyRequests
        or HttpStatusCode.PreconditionFailed or HttpStatusCode.BadGateway
        or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <returns>How long to wait before the next attempt, or null to give up.</returns>
    public TimeSpan? NextDelay(HttpStatusCode status, int attempt, TimeSpan? retryAfter)
    {
        var o = options.Value;
        if (!IsTransient(status) || attempt >= o.ConnectorMaxAttempts) return null;
        if (retryAfter is { } told) return told <= o.ConnectorMaxRetryDelay ? told : null;
        var ceiling = Math.Min(BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1), o.ConnectorMaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + Random.Shared.NextDouble() * ceiling / 2);
    }

    public TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }
        return null;
    }

    public Task WaitAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, time, ct);
}

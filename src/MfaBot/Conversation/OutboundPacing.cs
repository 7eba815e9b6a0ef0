using System.Net;

namespace MfaBot.Conversation;

/// <summary>A rate budget that every outbound HTTP attempt made on its behalf must pass through.</summary>
public interface IOutboundPace
{
    /// <summary>Waits until one more request may go out, and reserves it.</summary>
    ValueTask WaitAsync(CancellationToken ct);

    /// <summary>The platform answered 429: hold every request of this budget back for <paramref name="retryAfter"/>.</summary>
    ValueTask ThrottledAsync(TimeSpan? retryAfter, CancellationToken ct);
}

/// <summary>
/// The pace that bulk work (campaign delivery) sets around its platform calls. It flows with the async call into
/// the channel's HTTP pipeline, where <see cref="OutboundPacingHandler"/> applies it to every attempt, so retries
/// inside a channel client are paced too. Interactive replies carry no pace.
/// </summary>
public static class OutboundPacing
{
    private static readonly AsyncLocal<IOutboundPace?> Ambient = new();

    public static IOutboundPace? Current => Ambient.Value;

    /// <summary>Sets the pace for calls made from here until the returned scope is disposed.</summary>
    public static Scope Use(IOutboundPace? pace)
    {
        var previous = Ambient.Value;
        Ambient.Value = pace;
        return new Scope(previous);
    }

    public readonly struct Scope(IOutboundPace? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}

/// <summary>Channel HTTP clients add this handler so that every attempt honours the ambient <see cref="OutboundPacing"/>.</summary>
public sealed class OutboundPacingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (OutboundPacing.Current is not { } pace) return await base.SendAsync(request, cancellationToken);
        await pace.WaitAsync(cancellationToken);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
            await pace.ThrottledAsync(response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date - DateTimeOffset.UtcNow), cancellationToken);
        return response;
    }
}

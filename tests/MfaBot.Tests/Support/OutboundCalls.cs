using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Support;

/// <summary>
/// Records the address of every HTTP request the bot starts through its HttpClientFactory (connector, IAM, Slack,
/// downloads), before it reaches the network: a call that was attempted but could not connect is still seen.
/// </summary>
public sealed class OutboundCalls
{
    private readonly ConcurrentQueue<Uri> _uris = new();

    public IReadOnlyList<Uri> Uris => [.. _uris];

    /// <summary>For <see cref="BotServer.StartAsync"/>'s services hook.</summary>
    public void Register(IServiceCollection services) =>
        services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(() => new Recorder(this)));

    private sealed class Recorder(OutboundCalls calls) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri is { } uri) calls._uris.Enqueue(uri);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

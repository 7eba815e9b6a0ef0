using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Instrumentation.Http;

namespace MfaBot.Operability;

/// <summary>
/// Keeps request URLs out of exported traces. Some paths are secrets by design (a hosted QR image's unguessable
/// address encodes a seed's picture; a campaign or audit export's link; Slack's upload URLs), so a server span names its route
/// template instead of the path and a client span keeps only the host it called.
/// </summary>
internal static class TraceRedaction
{
    public static void Server(AspNetCoreTraceInstrumentationOptions options) =>
        options.EnrichWithHttpResponse = (activity, response) =>
        {
            activity.SetTag("url.path", (response.HttpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)");
            activity.SetTag("url.query", null);
        };

    public static void Client(HttpClientTraceInstrumentationOptions options) =>
        options.EnrichWithHttpRequestMessage = (activity, request) =>
            activity.SetTag("url.full", request.RequestUri?.GetLeftPart(UriPartial.Authority));
}

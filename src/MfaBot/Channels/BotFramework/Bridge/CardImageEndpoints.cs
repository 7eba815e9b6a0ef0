using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MfaBot.Channels.BotFramework.Bridge;

public static class CardImageEndpoints
{
    public const string PathPrefix = "/card-images/";

    /// <summary>GET /card-images/{token}.png: the image while its card shows it; 404 otherwise.</summary>
    public static IEndpointConventionBuilder MapCardImages(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(PathPrefix + "{file}", async (string file, CardImageHost host, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (!file.EndsWith(".png", StringComparison.Ordinal)) return Results.NotFound();
            var png = await host.FindAsync(file[..^4], ct);
            return png is null ? Results.NotFound() : Results.File(png, "image/png");
        });
}

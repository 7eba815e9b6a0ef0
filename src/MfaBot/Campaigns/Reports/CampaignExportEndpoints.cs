using MfaBot.Secrets;
using MfaBot.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MfaBot.Campaigns.Reports;

public static class CampaignExportEndpoints
{
    public const string PathPrefix = "/campaign-exports/";

    /// <summary>GET /campaign-exports/{token}.csv: the export while its link is valid; 404 otherwise.</summary>
    public static IEndpointConventionBuilder MapCampaignExports(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(PathPrefix + "{file}", async (string file, IStateStore store, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (!file.EndsWith(".csv", StringComparison.Ordinal)) return Results.NotFound();
            var token = file[..^4];
            if (!BearerToken.IsWellFormed(token)) return Results.NotFound();
            if (await store.GetAsync<CampaignExport>(CampaignExport.KeyFor(token), ct) is not { } export) return Results.NotFound();
            if (export.Value.ExpiresAt <= clock.GetUtcNow())
            {
                await store.DeleteAsync(CampaignExport.KeyFor(token), null, ct);
                return Results.NotFound();
            }
            return Results.File(CampaignCsv.Utf8(export.Value.Csv), "text/csv; charset=utf-8", "mfa-campaign.csv");
        });
}

using System.Text;
using MfaBot.Secrets;
using MfaBot.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MfaBot.Downloads;

/// <summary>One kind of CSV served behind short-lived links: where its links live, where its records are stored, the file's name.</summary>
public sealed record CsvDownloadKind(string PathPrefix, string KeyPrefix, string FileName);

/// <summary>A CSV waiting to be downloaded once or more until it expires.</summary>
public sealed record CsvDownload(string Csv, DateTimeOffset ExpiresAt);

/// <summary>
/// CSV files behind unguessable links (Bot Framework cannot attach a file to a 1:1 chat without the file-consent flow).
/// The record is stored under a hash of the token (<see cref="BearerToken"/>), so reading the store does not open the link.
/// </summary>
public static class CsvDownloads
{
    /// <summary>Stores the CSV and returns its link under <paramref name="publicBaseUrl"/>, working until <paramref name="expiresAt"/>.</summary>
    public static async Task<string> OfferAsync(IStateStore store, CsvDownloadKind kind, string publicBaseUrl, string csv, DateTimeOffset expiresAt, CancellationToken ct)
    {
        var token = BearerToken.New();
        await store.PutAsync(BearerToken.KeyFor(kind.KeyPrefix, token), new CsvDownload(csv, expiresAt), null, ct);
        return $"{publicBaseUrl.TrimEnd('/')}{kind.PathPrefix}{token}.csv";
    }

    /// <summary>GET {PathPrefix}{token}.csv: the file while its link is valid; 404 otherwise (an expired record is deleted).</summary>
    public static IEndpointConventionBuilder MapCsvDownloads(this IEndpointRouteBuilder endpoints, CsvDownloadKind kind) =>
        endpoints.MapGet(kind.PathPrefix + "{file}", async (string file, IStateStore store, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            if (!file.EndsWith(".csv", StringComparison.Ordinal)) return Results.NotFound();
            var token = file[..^4];
            if (!BearerToken.IsWellFormed(token)) return Results.NotFound();
            var key = BearerToken.KeyFor(kind.KeyPrefix, token);
            if (await store.GetAsync<CsvDownload>(key, ct) is not { } download) return Results.NotFound();
            if (download.Value.ExpiresAt <= clock.GetUtcNow())
            {
                await store.DeleteAsync(key, null, ct);
                return Results.NotFound();
            }
            return Results.File(new UTF8Encoding(false).GetBytes(download.Value.Csv), "text/csv; charset=utf-8", kind.FileName);
        });
}

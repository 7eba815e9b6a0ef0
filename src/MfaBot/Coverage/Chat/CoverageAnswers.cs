using MfaBot.Conversation;
using MfaBot.Coverage.History;
using MfaBot.Coverage.Report;
using MfaBot.Downloads;
using MfaBot.Iam;
using MfaBot.Resets;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Chat;

/// <summary>
/// Reads the report and turns it into the card: CSV link (when PublicBaseUrl is set) and, for a campaign manager, the
/// snapshot behind "Invite these N", and its chart. Every reading is also today's point of the coverage history. Failures become one clear message; the command decides when it is posted.
/// </summary>
public sealed partial class CoverageAnswers(ICredentialReportReader reader, CoverageViews views, CoverageHistory history, CoverageCharts charts,
    IStateStore store, IOptions<CoverageOptions> options,
    IOptions<ResetOptions> resets, IOptions<IamOptions> iam, IConfiguration configuration, TimeProvider clock, ILogger<CoverageAnswers> logger)
{
    public async Task<OutboundMessage> AnswerAsync(CoverageViewer viewer, CoverageScope scope, TimeZoneInfo? zone, CancellationToken ct)
    {
        CoverageView view;
        OutboundImage? chart;
        try
        {
            await using var inventory = await reader.OpenAsync(ct);
            var result = await CoverageScan.ReadAsync(inventory, options.Value, resets.Value, ct);
            await history.RecordTodayAsync(result, ct);
            view = await views.BuildAsync(result, scope, ct);
            chart = await charts.ForAsync(view, ct);
        }
        catch (IamException e) when (e.Code == IamErrorCodes.RequestTimeout)
        {
            return OutboundMessage.Say($"IAM did not finish the credential report within {iam.Value.CredentialReportTimeout.TotalMinutes:0.#} minutes (Iam:CredentialReportTimeout), so there is no coverage to show. Please try **coverage** again later.");
        }
        catch (IamException e)
        {
            LogFailed(logger, e.Action, e.Code);
            return OutboundMessage.Say($"IAM refused or failed to give me the credential report ({e.Action}: {e.Code}), so there is no coverage to show. Please try again later; if it keeps happening, tell your AWS administrator.");
        }
        var now = clock.GetUtcNow();
        var expires = now + options.Value.ExportLifetime;
        string? csvUrl = null;
        if (view.People.Count > 0 && configuration["PublicBaseUrl"] is { Length: > 0 } baseUrl)
            csvUrl = await CsvDownloads.OfferAsync(store, CoverageExport.Kind, baseUrl, CoverageCsv.Write(view), expires, ct);
        string? snapshot = null;
        if (viewer.Manager is not null && scope.Kind != CoverageScope.Kinds.ByTeam && view.People.Count > 0)
        {
            var emails = view.People.Where(p => view.Tags.GetValueOrDefault(p.UserName)?.Email is not null)
                .ToDictionary(p => p.UserName, p => view.Tags[p.UserName].Email!, StringComparer.Ordinal);
            snapshot = await CoverageSnapshot.SaveAsync(store,
                new CoverageSnapshot(viewer.User.Key, scope.Describe(), [.. view.People.Select(p => p.UserName)], emails, expires), ct);
        }
        return CoverageCards.Card(view, csvUrl, snapshot, zone, now, chart);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coverage: IAM {Action} failed with {Code}")]
    private static partial void LogFailed(ILogger logger, string action, string code);
}

/// <summary>Where coverage CSVs are stored and served (<see cref="CsvDownloads"/>).</summary>
public static class CoverageExport
{
    public const string Prefix = "coverage-export/";

    public static CsvDownloadKind Kind { get; } = new("/coverage-exports/", Prefix, "mfa-coverage.csv");
}

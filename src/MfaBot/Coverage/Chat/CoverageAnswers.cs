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
/// Reads the report and turns it into the coverage card with its chart, in one place for every card of a scope: the
/// "coverage" answer and the weekly digest. A person asking gets the CSV link (when PublicBaseUrl is set) and, as a
/// campaign manager, the snapshot behind "Invite these N"; the command decides when the answer is posted. Every reading
/// is also today's point of the coverage history.
/// </summary>
public sealed partial class CoverageAnswers(ICredentialReportReader reader, CoverageViews views, CoverageHistory history, CoverageCharts charts,
    IStateStore store, IOptions<CoverageOptions> options,
    IOptions<ResetOptions> resets, IOptions<IamOptions> iam, IConfiguration configuration, TimeProvider clock, ILogger<CoverageAnswers> logger)
{
    /// <summary>The card for a person, or one clear message when IAM failed.</summary>
    public async Task<OutboundMessage> AnswerAsync(CoverageViewer viewer, CoverageScope scope, TimeZoneInfo? zone, CancellationToken ct)
    {
        try
        {
            return await CardAsync(scope, viewer, zone, ct);
        }
        catch (IamException e)
        {
            LogFailed(logger, e.Action, e.Code);
            return OutboundMessage.Say(FailedReply(e, iam.Value.CredentialReportTimeout));
        }
    }

    /// <param name="reportTimeout">Iam:CredentialReportTimeout, named when the report was not ready in time.</param>
    public static string FailedReply(IamException e, TimeSpan reportTimeout) =>
        $"I couldn't read IAM's credential report: {IamFailureWords.What(e)}" +
        (e.Code == IamErrorCodes.RequestTimeout ? $": the report was not ready within {reportTimeout.TotalMinutes:0.#} minutes (Iam:CredentialReportTimeout)" : "") +
        $". Nothing was changed, and there is no coverage to show. {IamFailureWords.Retry(e, "coverage")}";

    /// <summary>The coverage card of <paramref name="scope"/>.</summary>
    /// <param name="viewer">
    /// The person asking in a private chat; null for a post to a shared conversation (the digest), which carries neither
    /// a CSV link (minutes long, open to whoever holds it) nor "Invite these N".
    /// </param>
    /// <exception cref="IamException">IAM refused or failed, or the report was not ready within Iam:CredentialReportTimeout.</exception>
    public async Task<OutboundMessage> CardAsync(CoverageScope scope, CoverageViewer? viewer, TimeZoneInfo? zone, CancellationToken ct)
    {
        CoverageView view;
        await using (var inventory = await reader.OpenAsync(ct))
        {
            var result = await CoverageScan.ReadAsync(inventory, options.Value, resets.Value, ct);
            await history.RecordTodayAsync(result, ct);
            view = await views.BuildAsync(result, scope, ct);
        }
        var chart = await charts.ForAsync(view, ct);
        var now = clock.GetUtcNow();
        var expires = now + options.Value.ExportLifetime;
        string? csvUrl = null;
        if (viewer is not null && view.People.Count > 0 && configuration["PublicBaseUrl"] is { Length: > 0 } baseUrl)
            csvUrl = await CsvDownloads.OfferAsync(store, CoverageExport.Kind, baseUrl, CoverageCsv.Write(view), expires, ct);
        string? snapshot = null;
        if (viewer?.Manager is not null && scope.Kind != CoverageScope.Kinds.ByTeam && view.People.Count > 0)
        {
            var emails = view.People.Where(p => view.Tags.GetValueOrDefault(p.UserName)?.Email is not null)
                .ToDictionary(p => p.UserName, p => view.Tags[p.UserName].Email!, StringComparer.Ordinal);
            snapshot = await CoverageSnapshot.SaveAsync(store,
                new CoverageSnapshot(viewer.User.Key, scope.Describe(), [.. view.People.Select(p => p.UserName)], emails, expires), ct);
        }
        return CoverageCards.Card(view, csvUrl, snapshot, zone, now, chart, shared: viewer is null);
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

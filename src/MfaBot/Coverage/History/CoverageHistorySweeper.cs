using MfaBot.Coordination;
using MfaBot.Coverage.Report;
using MfaBot.Resets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.History;

/// <summary>
/// Takes the day's coverage counts once: every instance ticks every Coverage:HistoryInterval, the lease lets one look,
/// and it reads the credential report only when today has no reading yet (a "coverage" answer is one too).
/// </summary>
public sealed partial class CoverageHistorySweeper(CoverageHistory history, ICredentialReportReader reader, IOptions<CoverageOptions> options,
    IOptions<ResetOptions> resets, ILeaseManager leases, IOptions<CoordinationOptions> coordination, ILogger<CoverageHistorySweeper> logger)
    : LeasedSweeper(leases, coordination, logger)
{
    protected override string LeaseName => "sweeper/coverage-history";

    protected override TimeSpan Interval => options.Value.HistoryInterval;

    public override async Task SweepAsync(CancellationToken ct)
    {
        if (await history.HasTodayAsync(ct)) return;
        CoverageResult result;
        await using (var inventory = await reader.OpenAsync(ct))
            result = await CoverageScan.ReadAsync(inventory, options.Value, resets.Value, ct);
        if (await history.AddTodayAsync(result, ct)) LogTaken(logger, result.WithMfa, result.Humans);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Coverage of the day recorded: {WithMfa} of {Humans} human users have MFA")]
    private static partial void LogTaken(ILogger logger, int withMfa, int humans);
}

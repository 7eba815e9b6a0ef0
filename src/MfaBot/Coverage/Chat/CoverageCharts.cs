using MfaBot.Charts;
using MfaBot.Conversation;
using MfaBot.Coverage.History;
using MfaBot.Coverage.Report;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Chat;

/// <summary>
/// The coverage card's chart: for the whole account the last 90 days with the target line (Coverage:TargetPercent of
/// today's human users); for "by team" the bars per manager. A single manager's view has no chart: the history keeps
/// account counts only.
/// </summary>
public sealed class CoverageCharts(CoverageHistory history, ChartImages images, IOptions<CoverageOptions> options, TimeProvider clock)
{
    public const string TrendTitle = "MFA coverage, last 90 days";

    public async Task<OutboundImage?> ForAsync(CoverageView view, CancellationToken ct) => view.Scope.Kind switch
    {
        CoverageScope.Kinds.Account => await TrendAsync(view.Result, ct),
        CoverageScope.Kinds.ByTeam when view.Teams.Count > 0 => images.Teams("MFA by team",
            [.. view.Teams.Select(t => new TeamBar(t.Manager, t.Enrolled, t.Without))]),
        _ => null,
    };

    private async Task<OutboundImage> TrendAsync(CoverageResult result, CancellationToken ct)
    {
        var days = await history.LastDaysAsync(ct);
        var today = CoverageDay.DayOf(clock.GetUtcNow());
        var percent = options.Value.TargetPercent;
        var target = result.Humans * percent / 100.0;
        return images.Trend(TrendTitle, $"Coverage over {CoverageHistory.TrendDays} days", [.. days.Select(d => new TrendPoint(d.Day, d.WithMfa, d.Without))],
            today.AddDays(1 - CoverageHistory.TrendDays), today, (target, FormattableString.Invariant($"Target: {percent}% ({target:0.#})")));
    }
}

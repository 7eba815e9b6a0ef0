using MfaBot.Campaigns;
using MfaBot.Coverage.Chat;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Report;

/// <summary>
/// One answer: the people without MFA in the scope (riskiest first), the tags read for them, and for "by team" the count
/// per manager. <paramref name="Unread"/> counts users without MFA whose tags were not read (past MaxTagReads);
/// <see cref="UnreadWithMfa"/> those with MFA left out of the teams' "with MFA" counts for the same bound.
/// </summary>
public sealed record CoverageView(CoverageScope Scope, CoverageResult Result, IReadOnlyList<Unprotected> People,
    IReadOnlyDictionary<string, UserTagInfo> Tags, IReadOnlyList<TeamCount> Teams, int Unread)
{
    public int UnreadWithMfa { get; init; }

    public const int Shown = 20;

    public bool IsPrivilegedTag(Unprotected u) => Tags.TryGetValue(u.UserName, out var t) && t.Privileged;
}

/// <summary>One manager's reports: how many have no MFA (<see cref="Without"/>) and how many have it, as far as read.</summary>
public sealed record TeamCount(string Manager, int Without, int Enrolled);

/// <summary>
/// Builds <see cref="CoverageView"/>s. Tags cost one call per user, so the whole account reads them only for the 20
/// shown; team views read them for users without MFA in risk order, at most Coverage:MaxTagReads, and "by team" spends
/// what is left of that bound on users with MFA, for the bars' other side.
/// </summary>
public sealed class CoverageViews(UserTags tags, IOptions<CoverageOptions> options, IOptions<CampaignOptions> campaigns)
{
    public const string NoManager = "(no manager tag)";

    public async Task<CoverageView> BuildAsync(CoverageResult result, CoverageScope scope, CancellationToken ct)
    {
        if (scope.Kind == CoverageScope.Kinds.Account)
        {
            var shown = await tags.ReadAsync(result.Unprotected.Take(CoverageView.Shown).Select(u => u.UserName), ct);
            return new CoverageView(scope, result, result.Unprotected, shown, [], 0);
        }
        var read = result.Unprotected.Take(options.Value.MaxTagReads).ToList();
        var found = await tags.ReadAsync(read.Select(u => u.UserName), ct);
        var unread = result.Unprotected.Count - read.Count;
        if (scope.Kind == CoverageScope.Kinds.Team)
            return new CoverageView(scope, result, [.. read.Where(u => IsReport(u, found, scope.Manager!))], found, [], unread);
        var withMfa = result.Protected.Take(options.Value.MaxTagReads - read.Count).ToList();
        var enrolled = await tags.ReadAsync(withMfa, ct);
        string TeamOf(string user, Dictionary<string, UserTagInfo> tagged) => tagged.GetValueOrDefault(user)?.Manager ?? NoManager;
        var withoutPerTeam = read.CountBy(u => TeamOf(u.UserName, found)).ToDictionary(StringComparer.Ordinal);
        var enrolledPerTeam = withMfa.CountBy(u => TeamOf(u, enrolled)).ToDictionary(StringComparer.Ordinal);
        var teams = withoutPerTeam.Keys.Union(enrolledPerTeam.Keys, StringComparer.Ordinal)
            .Select(m => new TeamCount(m, withoutPerTeam.GetValueOrDefault(m), enrolledPerTeam.GetValueOrDefault(m)))
            .OrderByDescending(t => t.Without).ThenBy(t => t.Manager, StringComparer.Ordinal).ToList();
        return new CoverageView(scope, result, read, found, teams, unread) { UnreadWithMfa = result.WithMfa - withMfa.Count };
    }

    /// <summary>A report of the manager: their manager tag names them, or Campaigns:Reports lists the user's email.</summary>
    private bool IsReport(Unprotected u, Dictionary<string, UserTagInfo> found, string manager)
    {
        var info = found.GetValueOrDefault(u.UserName);
        if (info?.Manager == manager) return true;
        return campaigns.Value.Reports.TryGetValue(manager, out var reports)
            && reports.Contains(info?.Email ?? u.UserName, StringComparer.OrdinalIgnoreCase);
    }
}

using MfaBot.Campaigns.Invites;

namespace MfaBot.Coverage.Chat;

/// <summary>What a "coverage" message asks for: the whole account, counts per manager, or one manager's reports.</summary>
public sealed record CoverageScope(CoverageScope.Kinds Kind, string? Manager = null)
{
    public enum Kinds { Account, ByTeam, Team }

    public static CoverageScope Account { get; } = new(Kinds.Account);

    public static CoverageScope ByTeam { get; } = new(Kinds.ByTeam);

    public static CoverageScope TeamOf(string manager) => new(Kinds.Team, manager.Trim().ToLowerInvariant());

    public const string Usage = "Type **coverage** for the whole account, **coverage by team** for people without MFA per manager, or **coverage team manager@example.com** for one manager's reports.";

    /// <summary>The command's arguments (already lower case, single spaces); null when they are none of the forms.</summary>
    public static CoverageScope? Parse(string arguments)
    {
        if (arguments.Length == 0) return Account;
        if (arguments == "by team") return ByTeam;
        const string team = "team ";
        if (arguments.StartsWith(team, StringComparison.Ordinal) && EmailList.IsEmail(arguments[team.Length..])) return TeamOf(arguments[team.Length..]);
        return null;
    }

    public string Describe() => Kind switch
    {
        Kinds.Team => "reports of " + Manager,
        Kinds.ByTeam => "by team",
        _ => "the whole account",
    };
}

using MfaBot.Audit.Export;
using MfaBot.Campaigns;
using MfaBot.Campaigns.Access;
using MfaBot.Conversation;
using MfaBot.Resets;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Chat;

/// <summary>Someone allowed to see coverage: all of it, or (a manager with Campaigns:OnlyOwnReports) their own reports only.</summary>
public sealed record CoverageViewer(ChatUser User, string? Email, bool SeesAll, ManagerAccess? Manager);

/// <summary>
/// Who may ask for coverage: Audit:Admins (the security team's list, already trusted with the audit trail, so no second
/// list to keep in step), Resets:HelpdeskMembers and Campaigns:Managers. Decided on the verified identity every time.
/// </summary>
public sealed class CoverageAccess(ManagerPolicy managers, IOptions<AuditOptions> audit, IOptions<ResetOptions> resets, IOptions<CampaignOptions> campaigns)
{
    public const string Refusal = "Sorry, MFA coverage is only for the security team, the helpdesk and MFA campaign managers (the bot's Audit:Admins, Resets:HelpdeskMembers and Campaigns:Managers settings). Nothing was read.";

    /// <returns>null when the person may not see coverage.</returns>
    public async Task<CoverageViewer?> CheckAsync(TurnContext context, CancellationToken ct)
    {
        var profile = await context.GetProfileAsync(ct);
        var email = profile?.Email ?? profile?.UserPrincipalName;
        var staff = audit.Value.Admins.Concat(resets.Value.HelpdeskMembers).Any(m => m.Matches(context.User, email));
        var manager = await managers.CheckAsync(context, ct);
        if (!staff && manager is null) return null;
        return new CoverageViewer(context.User, email, staff || !campaigns.Value.OnlyOwnReports, manager);
    }

    /// <summary>What the viewer may see of <paramref name="asked"/>; null when it is another manager's team they may not see.</summary>
    public static CoverageScope? Allowed(CoverageViewer viewer, CoverageScope asked)
    {
        if (viewer.SeesAll) return asked;
        if (viewer.Email is not { } own) return null;
        var mine = CoverageScope.TeamOf(own);
        return asked.Kind != CoverageScope.Kinds.Team || asked == mine ? mine : null;
    }
}

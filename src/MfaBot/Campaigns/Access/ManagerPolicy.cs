using MfaBot.Conversation;
using MfaBot.Iam;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Access;

/// <summary>A verified manager, with the email their reports are matched against.</summary>
public sealed record ManagerAccess(ChatUser Manager, string? Email);

/// <summary>
/// Who may run campaigns (Campaigns:Managers, matched on the platform-verified identity only) and, with
/// Campaigns:OnlyOwnReports, whom they may invite: the configured Reports list or the IAM user's manager tag.
/// </summary>
public sealed class ManagerPolicy(IIamGateway iam, IOptions<CampaignOptions> options)
{
    private readonly CampaignOptions _options = options.Value;

    public const string Refusal = "Sorry, only people set up as MFA campaign managers can invite others. If you think you should be one, ask your AWS administrator. You can still type **enroll** to set up MFA for yourself.";

    /// <returns>null when the person is not a manager.</returns>
    public async Task<ManagerAccess?> CheckAsync(TurnContext context, CancellationToken ct)
    {
        var user = context.User;
        var profile = await context.GetProfileAsync(ct);
        var email = profile?.Email ?? profile?.UserPrincipalName;
        var allowed = _options.Managers.Any(m =>
            (m.AadObjectId is { Length: > 0 } aad && string.Equals(aad, user.AadObjectId, StringComparison.OrdinalIgnoreCase))
            || (m.SlackUserId is { Length: > 0 } slack && user.Channel == "slack" && slack == user.Id)
            || (m.Email is { Length: > 0 } e && email is not null && string.Equals(e, email, StringComparison.OrdinalIgnoreCase)));
        return allowed ? new ManagerAccess(user, email) : null;
    }

    /// <summary>Whether the manager may invite this person.</summary>
    public async Task<bool> MayInviteAsync(ManagerAccess manager, string? email, string? iamUser, CancellationToken ct)
    {
        if (!_options.OnlyOwnReports) return true;
        if (manager.Email is null) return false;
        if (email is not null && _options.Reports.TryGetValue(manager.Email, out var reports)
            && reports.Contains(email, StringComparer.OrdinalIgnoreCase))
            return true;
        if (_options.ManagerTagKey.Length == 0 || iamUser is null) return false;
        var tags = await iam.ListUserTagsAsync(iamUser, ct);
        return tags.Any(t => t.Key == _options.ManagerTagKey && string.Equals(t.Value.Trim(), manager.Email, StringComparison.OrdinalIgnoreCase));
    }
}

using MfaBot.Audit;
using MfaBot.Iam;
using Microsoft.Extensions.Options;

namespace MfaBot.Enforcement;

public enum EnforcementOutcome
{
    /// <summary>Enforcement is not configured; IAM was not called.</summary>
    Off,
    Enforced,
    /// <summary>IAM refused or failed; an administrator must add the user to the group.</summary>
    Failed,
}

/// <summary>
/// Puts IAM users in the enforcement group (whose policy denies everything but MFA self-service without MFA) and
/// reads whether they are in it. With enforcement off it never calls IAM.
/// </summary>
public sealed class MfaEnforcer(IIamGateway iam, IAuditTrail trail, IOptions<EnforcementOptions> options)
{
    public bool IsEnabled => options.Value.IsEnabled;

    public string GroupName => options.Value.GroupName;

    /// <summary>Adds the user to the group (a member already in it stays, as IAM does); audited either way.</summary>
    public async Task<EnforcementOutcome> EnforceAsync(string iamUser, AuditActor actor, string? correlationId, CancellationToken ct)
    {
        if (!IsEnabled) return EnforcementOutcome.Off;
        try
        {
            await iam.AddUserToGroupAsync(GroupName, iamUser, ct);
        }
        catch (IamException e)
        {
            await RecordAsync(actor, iamUser, AuditOutcome.Failure, $"not added to {GroupName}: {e.Code}; an administrator must add it", e.RequestId, correlationId, ct);
            return EnforcementOutcome.Failed;
        }
        await RecordAsync(actor, iamUser, AuditOutcome.Success, $"added to {GroupName}", null, correlationId, ct);
        return EnforcementOutcome.Enforced;
    }

    /// <returns>Whether the user is in the group; null when enforcement is off or IAM could not say.</returns>
    public async Task<bool?> IsEnforcedAsync(string iamUser, CancellationToken ct)
    {
        if (!IsEnabled) return null;
        try
        {
            var groups = await iam.ListGroupsForUserAsync(iamUser, ct);
            return groups.Any(g => string.Equals(g.GroupName, GroupName, StringComparison.OrdinalIgnoreCase));
        }
        catch (IamException)
        {
            return null;
        }
    }

    private Task RecordAsync(AuditActor actor, string iamUser, AuditOutcome outcome, string detail, string? requestId, string? correlationId, CancellationToken ct) =>
        trail.RecordAsync(new AuditEvent
        {
            Actor = actor,
            Action = "enforcement.addToGroup",
            IamUser = iamUser,
            Outcome = outcome,
            IamRequestId = requestId,
            Detail = detail,
            CorrelationId = correlationId,
        }, ct);
}

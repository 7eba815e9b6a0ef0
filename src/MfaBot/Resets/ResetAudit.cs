using MfaBot.Audit;

namespace MfaBot.Resets;

/// <summary>The reset hand-off's entries in the audit trail, each tied to its request by the correlation id.</summary>
public sealed class ResetAudit(IAuditTrail trail)
{
    public static readonly ResetAgent System = new("system", "MfaBot", null);

    public Task RecordAsync(string action, ResetAgent actor, ResetRequest? request, AuditOutcome outcome, CancellationToken ct,
        string? detail = null, string? serial = null, string? iamRequestId = null, string? iamUser = null) =>
        trail.RecordAsync(new AuditEvent
        {
            Actor = new AuditActor(actor.Key, actor.Name, actor.Email),
            Action = action,
            IamUser = iamUser ?? request?.IamUserName,
            SerialNumber = serial,
            Outcome = outcome,
            IamRequestId = iamRequestId,
            Detail = Safe(detail),
            CorrelationId = request?.Id,
        }, ct);

    /// <summary>Details hold ids and typed reasons: one that looks like a code is withheld rather than failing the step.</summary>
    private static string? Safe(string? detail)
    {
        if (detail is { Length: > AuditEvent.MaxDetailLength }) detail = detail[..AuditEvent.MaxDetailLength];
        return SecretScrubber.LooksLikeSecret(detail) ? "[withheld: looked like a code or key]" : detail;
    }
}

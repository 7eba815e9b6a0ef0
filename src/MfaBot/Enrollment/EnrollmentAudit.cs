using MfaBot.Audit;
using MfaBot.Conversation;

namespace MfaBot.Enrollment;

/// <summary>Enrollment's entries in the audit trail: who, what, which IAM user and device, never a secret.</summary>
public sealed class EnrollmentAudit(IAuditTrail trail)
{
    public Task RecordAsync(string action, ChatUser who, string? iamUser, string? serial, AuditOutcome outcome,
        CancellationToken ct, string? requestId = null, string? detail = null, string? correlationId = null) =>
        trail.RecordAsync(new AuditEvent
        {
            Actor = new AuditActor(who.Key, who.Name),
            Action = action,
            IamUser = iamUser,
            SerialNumber = serial,
            Outcome = outcome,
            IamRequestId = requestId,
            Detail = detail,
            CorrelationId = correlationId,
        }, ct);
}

namespace MfaBot.Audit;

internal static partial class AuditLog
{
    [LoggerMessage(Level = LogLevel.Information,
        Message = "Audit {Action} {Outcome} by {ActorId} ({ActorName}, {ActorEmail}) iamUser={IamUser} serial={SerialNumber} requestId={IamRequestId} correlation={CorrelationId}: {Detail}")]
    public static partial void Recorded(ILogger logger, string action, AuditOutcome outcome, string actorId, string? actorName, string? actorEmail,
        string? iamUser, string? serialNumber, string? iamRequestId, string? correlationId, string? detail);
}

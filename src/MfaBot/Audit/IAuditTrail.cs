namespace MfaBot.Audit;

/// <summary>Append-only record of who did what to which IAM user and device.</summary>
public interface IAuditTrail
{
    /// <summary>Validates and appends the event; an invalid one throws ArgumentException and writes nothing.</summary>
    Task RecordAsync(AuditEvent e, CancellationToken cancellationToken);
}

namespace MfaBot.Audit.Table;

/// <summary>One row of the audit table: the event with its place in the chain.</summary>
public sealed record AuditRow(long Id, AuditEvent Event, string PrevHash, string Hash);

/// <summary>The result of walking the chain: intact, or the first row that breaks it and why.</summary>
public sealed record AuditVerification(long Rows, long? BrokenId, string? Problem)
{
    public bool IsIntact => BrokenId is null;
}

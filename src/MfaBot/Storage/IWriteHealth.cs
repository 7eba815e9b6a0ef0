namespace MfaBot.Storage;

/// <summary>A store that remembers its recent failed writes, for the readiness probe.</summary>
public interface IWriteHealth
{
    /// <summary>Why writes failed lately (the disk is full, say), or null when they did not.</summary>
    string? WriteFailure(DateTimeOffset now);
}

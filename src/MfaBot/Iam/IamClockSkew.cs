namespace MfaBot.Iam;

/// <summary>
/// The offset between this machine's clock and IAM's, learned from a "signature expired" reply and applied to
/// every later signature. Shared by the retry handler (which learns it) and the signing handler (which uses it).
/// </summary>
public sealed class IamClockSkew(TimeProvider time)
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The time to sign with: local now plus the learned offset.</summary>
    public DateTime CorrectedUtcNow => time.GetUtcNow().UtcDateTime + Offset;

    /// <summary>Learns the offset from the server's Date header; false when the reply carries none.</summary>
    public bool Correct(DateTimeOffset? serverDate)
    {
        if (serverDate is not { } date) return false;
        Interlocked.Exchange(ref _offsetTicks, (date - time.GetUtcNow()).Ticks);
        return true;
    }
}

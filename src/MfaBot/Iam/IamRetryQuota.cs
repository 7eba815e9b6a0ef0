namespace MfaBot.Iam;

/// <summary>
/// The AWS SDKs' retry quota: retries draw from one bucket shared by every IAM call of the process (5 a retry, 10 after
/// a timeout or dropped connection) and each call that succeeds at once puts 1 back, so a burst of throttling or an
/// outage turns into fewer retries instead of multiplying the load on AWS. Capacity: Iam:RetryQuota (0 = no retries).
/// </summary>
public sealed class IamRetryQuota(int capacity)
{
    private readonly int _capacity = capacity;
    public const int RetryCost = 5;
    public const int TimeoutCost = 10;

    private int _tokens = capacity;

    public bool TryTake(int cost)
    {
        for (var seen = Volatile.Read(ref _tokens); ;)
        {
            if (seen < cost) return false;
            var before = Interlocked.CompareExchange(ref _tokens, seen - cost, seen);
            if (before == seen) return true;
            seen = before;
        }
    }

    /// <summary>A call ended: a success without retries refunds 1, one that retried gives back what it took.</summary>
    public void Release(int taken)
    {
        var refund = taken > 0 ? taken : 1;
        for (var seen = Volatile.Read(ref _tokens); ;)
        {
            var next = Math.Min(_capacity, seen + refund);
            var before = Interlocked.CompareExchange(ref _tokens, next, seen);
            if (before == seen) return;
            seen = before;
        }
    }
}

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// Where lanes' reservations are kept: in memory for one instance (<see cref="SlidingWindowLimiter"/>), in the
/// shared database for several (<see cref="Postgres.PostgresPaceLedger"/>), so the platform's limits hold fleet-wide.
/// </summary>
public interface IPaceLedger
{
    /// <summary>Reserves the earliest slot free in every lane at once and returns its time.</summary>
    /// <remarks>A time, not a wait: the caller waits from when it gets the answer, so a slow round trip to a shared
    /// ledger does not push its request later than the slot and into the next one's window.</remarks>
    ValueTask<DateTimeOffset> ReserveAsync(IReadOnlyList<PaceLane> lanes, CancellationToken ct);

    /// <summary>Holds the lane back until <paramref name="retryAfter"/> from now (1 s when the platform did not say).</summary>
    ValueTask PauseAsync(string key, TimeSpan? retryAfter, CancellationToken ct);
}

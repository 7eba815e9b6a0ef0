namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// Where lanes' reservations are kept: in memory for one instance (<see cref="SlidingWindowLimiter"/>), in the
/// shared database for several (<see cref="Postgres.PostgresPaceLedger"/>), so the platform's limits hold fleet-wide.
/// </summary>
public interface IPaceLedger
{
    /// <summary>Reserves the earliest slot free in every lane at once; returns how long to wait for it.</summary>
    ValueTask<TimeSpan> ReserveAsync(IReadOnlyList<PaceLane> lanes, CancellationToken ct);

    /// <summary>Holds the lane back until <paramref name="retryAfter"/> from now (1 s when the platform did not say).</summary>
    ValueTask PauseAsync(string key, TimeSpan? retryAfter, CancellationToken ct);
}

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// Reserves send times so that no lane ever has more than its limit in any window: for each rule (L, W) a new
/// request goes no earlier than W after the L-th most recent one. Reservations in a lane are in time order, so
/// the check holds for every window, not only aligned ones; a 429 pauses the lane for its Retry-After.
/// Lanes are keyed by channel and tenant ("per app per tenant") or by conversation.
/// </summary>
public sealed class SlidingWindowLimiter(TimeProvider clock, TimeSpan margin)
{
    private const int CleanupEvery = 4096;

    /// <param name="Padded">Whether the margin is added to the window (yes for the platform's limits, no for smoothing).</param>
    public sealed record Rule(int Limit, TimeSpan Window, bool Padded = true);

    private sealed class Lane(Rule[] rules)
    {
        public Rule[] Rules { get; } = rules;
        public long MaxWindowTicks { get; } = rules.Max(r => r.Window.Ticks);
        public List<long> Reserved { get; } = [];
        public long PausedUntil { get; set; }
    }

    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _reservations;

    /// <summary>Waits for a slot in every lane and reserves it.</summary>
    public async ValueTask AcquireAsync(IReadOnlyList<(string Key, Rule[] Rules)> lanes, CancellationToken ct)
    {
        var wait = Reserve(lanes);
        if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
    }

    /// <summary>Holds the lane back until <paramref name="retryAfter"/> from now (1 s when the platform did not say).</summary>
    public void Pause(string key, TimeSpan? retryAfter)
    {
        var until = Now() + (retryAfter is { } r && r > TimeSpan.Zero ? r : TimeSpan.FromSeconds(1)).Ticks;
        lock (_lock)
            if (_lanes.TryGetValue(key, out var lane)) lane.PausedUntil = Math.Max(lane.PausedUntil, until);
    }

    private TimeSpan Reserve(IReadOnlyList<(string Key, Rule[] Rules)> lanes)
    {
        lock (_lock)
        {
            var now = Now();
            if (++_reservations % CleanupEvery == 0) DropIdle(now);
            var found = new Lane[lanes.Count];
            var at = now;
            for (var i = 0; i < lanes.Count; i++)
            {
                if (!_lanes.TryGetValue(lanes[i].Key, out var lane)) _lanes[lanes[i].Key] = lane = new Lane(lanes[i].Rules);
                found[i] = lane;
                at = Math.Max(at, Earliest(lane, now));
            }
            foreach (var lane in found) lane.Reserved.Add(at);
            return TimeSpan.FromTicks(at - now);
        }
    }

    private long Earliest(Lane lane, long now)
    {
        var reserved = lane.Reserved;
        var cut = 0;
        while (cut < reserved.Count && reserved[cut] <= now - lane.MaxWindowTicks - margin.Ticks) cut++;
        if (cut > 0) reserved.RemoveRange(0, cut);
        var at = Math.Max(now, lane.PausedUntil);
        if (reserved.Count > 0) at = Math.Max(at, reserved[^1]);
        foreach (var rule in lane.Rules)
            if (reserved.Count >= rule.Limit) at = Math.Max(at, reserved[^rule.Limit] + rule.Window.Ticks + (rule.Padded ? margin.Ticks : 0));
        return at;
    }

    private void DropIdle(long now)
    {
        foreach (var (key, lane) in _lanes.ToList())
            if ((lane.Reserved.Count == 0 || lane.Reserved[^1] < now - lane.MaxWindowTicks - margin.Ticks) && lane.PausedUntil < now)
                _lanes.Remove(key);
    }

    private long Now() => clock.GetUtcNow().UtcTicks;
}

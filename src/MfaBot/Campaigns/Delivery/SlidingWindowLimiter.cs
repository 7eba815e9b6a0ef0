using System.Runtime.InteropServices;

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// The pace ledger of a single instance (File storage): lanes' reservations in memory, under one lock, checked with
/// <see cref="PaceWindow"/>. Lanes are keyed by channel and tenant ("per app per tenant") or by conversation.
/// </summary>
public sealed class SlidingWindowLimiter(TimeProvider clock, TimeSpan margin) : IPaceLedger
{
    private const int CleanupEvery = 4096;

    private sealed class Lane(PaceRule[] rules, TimeSpan margin)
    {
        public PaceRule[] Rules { get; } = rules;
        public long KeepTicks { get; } = PaceWindow.KeepTicks(rules, margin);
        public List<long> Reserved { get; } = [];
        public long PausedUntil { get; set; }
    }

    private readonly Dictionary<string, Lane> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _reservations;

    public ValueTask<DateTimeOffset> ReserveAsync(IReadOnlyList<PaceLane> lanes, CancellationToken ct) => ValueTask.FromResult(Reserve(lanes));

    public ValueTask PauseAsync(string key, TimeSpan? retryAfter, CancellationToken ct)
    {
        var until = PaceWindow.PausedUntil(Now(), retryAfter);
        lock (_lock)
            if (_lanes.TryGetValue(key, out var lane)) lane.PausedUntil = Math.Max(lane.PausedUntil, until);
        return ValueTask.CompletedTask;
    }

    private DateTimeOffset Reserve(IReadOnlyList<PaceLane> lanes)
    {
        lock (_lock)
        {
            var now = Now();
            if (++_reservations % CleanupEvery == 0) DropIdle(now);
            var found = new Lane[lanes.Count];
            var at = now;
            for (var i = 0; i < lanes.Count; i++)
            {
                if (!_lanes.TryGetValue(lanes[i].Key, out var lane)) _lanes[lanes[i].Key] = lane = new Lane(lanes[i].Rules, margin);
                found[i] = lane;
                lane.Reserved.RemoveRange(0, PaceWindow.Expired(CollectionsMarshal.AsSpan(lane.Reserved), lane.KeepTicks, now));
                at = Math.Max(at, PaceWindow.Earliest(CollectionsMarshal.AsSpan(lane.Reserved), lane.PausedUntil, lane.Rules, margin, now));
            }
            foreach (var lane in found) lane.Reserved.Add(at);
            return new DateTimeOffset(at, TimeSpan.Zero);
        }
    }

    private void DropIdle(long now)
    {
        foreach (var (key, lane) in _lanes.ToList())
            if ((lane.Reserved.Count == 0 || lane.Reserved[^1] < now - lane.KeepTicks) && lane.PausedUntil < now)
                _lanes.Remove(key);
    }

    private long Now() => clock.GetUtcNow().UtcTicks;
}

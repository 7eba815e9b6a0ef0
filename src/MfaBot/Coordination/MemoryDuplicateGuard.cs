namespace MfaBot.Coordination;

/// <summary>
/// The guard of a single process without a shared store (a channel hosted on its own, as in channel tests):
/// bounded in time and in size, the oldest entries go first.
/// </summary>
public sealed class MemoryDuplicateGuard(int capacity, TimeProvider time) : IDuplicateGuard
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly Lock _gate = new();

    public Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Evict(now);
            if (_seen.TryGetValue(key, out var expires) && expires > now) return Task.FromResult(false);
            var until = now + window;
            _seen[key] = until;
            _order.Enqueue((key, until));
            return Task.FromResult(true);
        }
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate) _seen.Remove(key);
        return Task.CompletedTask;
    }

    private void Evict(DateTimeOffset now)
    {
        while (_order.TryPeek(out var head) && (head.Expires <= now || _order.Count >= capacity))
        {
            _order.Dequeue();
            // The queue may hold a stale entry for a key that was released and claimed again.
            if (_seen.TryGetValue(head.Key, out var expires) && expires == head.Expires) _seen.Remove(head.Key);
        }
    }
}

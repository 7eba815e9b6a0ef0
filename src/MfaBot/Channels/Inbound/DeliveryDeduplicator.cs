namespace MfaBot.Channels.Inbound;

/// <summary>
/// Remembers recently accepted deliveries so that a channel's redelivery is not processed twice.
/// Bounded in time and in size; the oldest entries go first. Each channel keeps its own instance.
/// </summary>
internal class DeliveryDeduplicator(TimeSpan window, int capacity, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly Lock _gate = new();

    public static string Key(params string?[] parts) => string.Join('\n', parts.Select(p => p ?? ""));

    /// <returns>false when the key was already seen within the window.</returns>
    public bool TryRegister(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Evict(now);
            if (_seen.TryGetValue(key, out var expires) && expires > now) return false;
            var until = now + window;
            _seen[key] = until;
            _order.Enqueue((key, until));
            return true;
        }
    }

    /// <summary>Forgets a delivery that was registered but could not be accepted, so its retry is processed.</summary>
    public void Forget(string key)
    {
        lock (_gate) _seen.Remove(key);
    }

    private void Evict(DateTimeOffset now)
    {
        while (_order.TryPeek(out var head) && (head.Expires <= now || _order.Count >= capacity))
        {
            _order.Dequeue();
            // The queue may hold a stale entry for a key that was forgotten and registered again.
            if (_seen.TryGetValue(head.Key, out var expires) && expires == head.Expires) _seen.Remove(head.Key);
        }
    }
}

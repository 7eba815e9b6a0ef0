using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>
/// Remembers recently accepted activities so that a channel's redelivery is not processed twice.
/// Bounded in time and in size; the oldest entries go first.
/// </summary>
internal sealed class ActivityDeduplicator(IOptions<BotFrameworkOptions> options, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly Lock _gate = new();

    public static string Key(string? channelId, string? conversationId, string activityId) =>
        string.Join('\n', channelId ?? "", conversationId ?? "", activityId);

    /// <returns>false when the key was already seen within the window.</returns>
    public bool TryRegister(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Evict(now);
            if (_seen.TryGetValue(key, out var expires) && expires > now) return false;
            var until = now + options.Value.DeduplicationWindow;
            _seen[key] = until;
            _order.Enqueue((key, until));
            return true;
        }
    }

    /// <summary>Forgets an activity that was registered but could not be accepted, so its retry is processed.</summary>
    public void Forget(string key)
    {
        lock (_gate) _seen.Remove(key);
    }

    private void Evict(DateTimeOffset now)
    {
        var capacity = options.Value.DeduplicationCapacity;
        while (_order.TryPeek(out var head) && (head.Expires <= now || _order.Count >= capacity))
        {
            _order.Dequeue();
            // The queue may hold a stale entry for a key that was forgotten and registered again.
            if (_seen.TryGetValue(head.Key, out var expires) && expires == head.Expires) _seen.Remove(head.Key);
        }
    }
}

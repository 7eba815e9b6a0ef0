using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MfaBot.Identity;

/// <summary>
/// Answers of lookups that rarely change (a person's platform profile, whether their IAM user exists), reused for
/// <see cref="IdentityOptions.LookupLifetime"/> so a turn does not pay a Teams member lookup or Slack users.info and an
/// IAM GetUser every time. Only found answers are kept: a person not found is asked about again on the next turn.
/// </summary>
public sealed class LookupCache(IOptions<IdentityOptions> options, TimeProvider clock)
{
    // Past this many entries the cache starts over: a bound on memory, not an eviction policy worth more code.
    private const int Capacity = 50_000;

    private readonly ConcurrentDictionary<string, (object Value, long Until)> _entries = new(StringComparer.Ordinal);

    public async Task<T?> GetAsync<T>(string key, Func<Task<T?>> lookup) where T : class
    {
        var lifetime = options.Value.LookupLifetime;
        if (lifetime <= TimeSpan.Zero) return await lookup();
        var now = clock.GetUtcNow().UtcTicks;
        if (_entries.TryGetValue(key, out var kept) && kept.Until > now && kept.Value is T value) return value;
        var found = await lookup();
        if (found is null) _entries.TryRemove(key, out _);
        else
        {
            if (_entries.Count >= Capacity) _entries.Clear();
            _entries[key] = (found, now + lifetime.Ticks);
        }
        return found;
    }
}

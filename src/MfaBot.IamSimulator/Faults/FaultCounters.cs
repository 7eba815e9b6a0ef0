using System.Collections.Concurrent;

namespace MfaBot.IamSimulator.Faults;

/// <summary>Calls seen and faults injected, per action, since start or the last reset (read at the control endpoint).</summary>
public sealed class FaultCounters
{
    public const string Calls = "Calls";

    /// <summary>All faults injected into one action, whatever their kind.</summary>
    public const string Faults = "Faults";

    private readonly ConcurrentDictionary<(string Action, string What), long> _counts = new();

    public void Count(string action, string what) => _counts.AddOrUpdate((action, what), 1, (_, n) => n + 1);

    public long Get(string action, string what) => _counts.GetValueOrDefault((action, what));

    /// <summary>Action → counter → count, sorted by name.</summary>
    public SortedDictionary<string, SortedDictionary<string, long>> Snapshot()
    {
        var all = new SortedDictionary<string, SortedDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var ((action, what), n) in _counts)
        {
            if (!all.TryGetValue(action, out var one)) all[action] = one = new(StringComparer.Ordinal);
            one[what] = n;
        }
        return all;
    }

    public void Reset() => _counts.Clear();
}

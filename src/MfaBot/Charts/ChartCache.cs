using System.Collections.Concurrent;

namespace MfaBot.Charts;

/// <summary>
/// Rendered charts by what they show, so asking again (or another manager's card with the same numbers) costs no
/// rendering (about 100 ms each). Small: when full it starts over, as yesterday's charts are not asked for again.
/// </summary>
public sealed class ChartCache
{
    private const int Capacity = 64;
    private readonly ConcurrentDictionary<string, byte[]> _pngs = new(StringComparer.Ordinal);

    /// <param name="content">Everything the chart is drawn from (title, points, target); a digest of it is the key.</param>
    public byte[] GetOrRender(string content, Func<byte[]> render)
    {
        var key = Storage.StateKey.Digest(content);
        if (_pngs.TryGetValue(key, out var png)) return png;
        if (_pngs.Count >= Capacity) _pngs.Clear();
        return _pngs.GetOrAdd(key, _ => render());
    }
}

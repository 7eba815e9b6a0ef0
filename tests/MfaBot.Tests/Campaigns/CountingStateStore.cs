using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MfaBot.Storage;

namespace MfaBot.Tests.Campaigns;

/// <summary>An <see cref="IStateStore"/> that records every operation it passes on, to show how much work a lookup does.</summary>
public sealed class CountingStateStore(IStateStore inner) : IStateStore
{
    private readonly ConcurrentQueue<(string Op, string Key)> _ops = new();

    /// <summary>How many <paramref name="op"/> ("get", "put", "delete", "list") calls named a key starting with <paramref name="prefix"/>.</summary>
    public int Count(string op, string prefix = "") => _ops.Count(o => o.Op == op && o.Key.StartsWith(prefix, StringComparison.Ordinal));

    public void Reset() => _ops.Clear();

    public Task<Stored<T>?> GetAsync<T>(string key, CancellationToken cancellationToken)
    {
        _ops.Enqueue(("get", key));
        return inner.GetAsync<T>(key, cancellationToken);
    }

    public Task<string> PutAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken)
    {
        _ops.Enqueue(("put", key));
        return inner.PutAsync(key, value, etag, cancellationToken);
    }

    public Task DeleteAsync(string key, string? etag, CancellationToken cancellationToken)
    {
        _ops.Enqueue(("delete", key));
        return inner.DeleteAsync(key, etag, cancellationToken);
    }

    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _ops.Enqueue(("list", prefix));
        await foreach (var key in inner.ListKeysAsync(prefix, cancellationToken)) yield return key;
    }
}

using MfaBot.Storage;

namespace MfaBot.Campaigns;

/// <summary>The one read-change-write loop campaign records use; two instances may change the same record at once.</summary>
internal static class StateStoreUpdates
{
    private const int MaxConflictRetries = 50;

    /// <summary>
    /// Read, change, write with the ETag; on a conflict read again and re-apply. null from <paramref name="change"/> means
    /// "no change". A missing key is left alone, unless <paramref name="absent"/> gives the value to start it from.
    /// </summary>
    public static async Task<T?> UpdateAsync<T>(this IStateStore store, string key, Func<T, T?> change, T? absent, CancellationToken ct) where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            var stored = await store.GetAsync<T>(key, ct);
            if ((stored?.Value ?? absent) is not { } current || change(current) is not { } next) return null;
            try
            {
                await store.PutAsync(key, next, stored?.ETag, ct);
                return next;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                // Someone else wrote (or created the key) first; read their version and apply the change to it.
            }
        }
    }
}

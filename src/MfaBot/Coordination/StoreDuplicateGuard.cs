using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using MfaBot.Storage;

namespace MfaBot.Coordination;

/// <summary>
/// Claims as state entries "dedup/{hash of key}" created with no ETag: the store lets exactly one create win,
/// on whichever instance. Keys are hashed so that any channel id fits the store's key rules. Expired claims are
/// taken over in place and deleted by <see cref="DuplicateGuardJanitor"/>.
/// </summary>
public sealed class StoreDuplicateGuard(IStateStore store, TimeProvider clock) : IDuplicateGuard
{
    internal const string Prefix = "dedup/";

    internal sealed record ClaimRecord(DateTimeOffset ExpiresAt);

    public async Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken)
    {
        var entry = EntryKey(key);
        var claim = new ClaimRecord(clock.GetUtcNow() + window);
        try
        {
            await store.PutAsync(entry, claim, null, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            // Claimed before: a duplicate, unless that claim has expired.
        }
        var existing = await store.GetAsync<ClaimRecord>(entry, cancellationToken);
        if (existing is not null && existing.Value.ExpiresAt > clock.GetUtcNow()) return false;
        try
        {
            await store.PutAsync(entry, claim, existing?.ETag, cancellationToken);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    public Task ReleaseAsync(string key, CancellationToken cancellationToken) => store.DeleteAsync(EntryKey(key), null, cancellationToken);

    /// <returns>How many expired claims were deleted.</returns>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var (key, etag) in ExpiredAsync(cancellationToken))
        {
            try
            {
                await store.DeleteAsync(key, etag, cancellationToken);
                deleted++;
            }
            catch (ConcurrencyConflictException)
            {
                // Claimed again meanwhile: it is live.
            }
        }
        return deleted;
    }

    private async IAsyncEnumerable<(string Key, string ETag)> ExpiredAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var key in store.ListKeysAsync(Prefix, cancellationToken))
        {
            if (await store.GetAsync<ClaimRecord>(key, cancellationToken) is { } claim && claim.Value.ExpiresAt <= clock.GetUtcNow())
                yield return (key, claim.ETag);
        }
    }

    private static string EntryKey(string key) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 20));
}

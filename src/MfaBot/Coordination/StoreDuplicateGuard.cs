using System.Security.Cryptography;
using System.Text;
using MfaBot.Storage;

namespace MfaBot.Coordination;

/// <summary>
/// Claims as state entries "dedup/{hash of key}" created with no ETag: the store lets exactly one create win,
/// on whichever instance. Keys are hashed so that any channel id fits the store's key rules. Expired claims are
/// taken over in place and deleted by <see cref="ExpiredRecordJanitor"/>.
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

    private static string EntryKey(string key) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 20));
}

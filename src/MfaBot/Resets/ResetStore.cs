using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Resets;

/// <summary>What a decision makes of a request: a new version to write, or why it was refused.</summary>
public sealed record ResetChange(ResetRequest? Next, string? Refusal)
{
    public static ResetChange To(ResetRequest next) => new(next, null);

    public static ResetChange Refuse(string why) => new(null, why);
}

/// <summary>The reset records: one per request plus the per-person index that allows one open request.</summary>
public sealed class ResetStore(IStateStore store)
{
    private const int MaxAttempts = 5;

    /// <returns>False when the person already has an open request (nothing written).</returns>
    public async Task<bool> TryCreateAsync(ResetRequest request, CancellationToken ct)
    {
        var index = OpenResetIndex.KeyFor(request.User);
        try
        {
            await store.PutAsync(index, new OpenResetIndex(request.Id), null, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
        try
        {
            await store.PutAsync(ResetRequest.KeyFor(request.Id), request, null, ct);
            return true;
        }
        catch
        {
            await store.DeleteAsync(index, null, CancellationToken.None);
            throw;
        }
    }

    public async Task<Stored<ResetRequest>?> GetAsync(string id, CancellationToken ct) =>
        ResetRequest.IsWellFormedId(id) ? await store.GetAsync<ResetRequest>(ResetRequest.KeyFor(id), ct) : null;

    /// <summary>The person's open request, if any.</summary>
    public async Task<Stored<ResetRequest>?> OpenForAsync(ChatUser user, CancellationToken ct) =>
        await store.GetAsync<OpenResetIndex>(OpenResetIndex.KeyFor(user), ct) is { } index
        && await GetAsync(index.Value.RequestId, ct) is { Value.IsOpen: true } request
            ? request
            : null;

    /// <summary>
    /// Applies <paramref name="decide"/> to the current version and writes the result with its ETag; on a
    /// conflict the decision is made again on the newer version, so concurrent clicks are judged one after another.
    /// </summary>
    /// <returns>The written version and the one it replaced, or the refusal (null when the request does not exist).</returns>
    public async Task<(Stored<ResetRequest>? Written, ResetRequest? Before, string? Refusal)> UpdateAsync(
        string id, Func<ResetRequest, ResetChange> decide, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await GetAsync(id, ct) is not { } current) return (null, null, null);
            var change = decide(current.Value);
            if (change.Next is not { } next) return (null, current.Value, change.Refusal);
            try
            {
                var etag = await store.PutAsync(ResetRequest.KeyFor(id), next, current.ETag, ct);
                if (!next.IsOpen) await ReleaseIndexAsync(next, ct);
                return (new Stored<ResetRequest>(next, etag), current.Value, null);
            }
            catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
            {
                // Someone else decided first: judge again against what they wrote.
            }
        }
    }

    private async Task ReleaseIndexAsync(ResetRequest closed, CancellationToken ct)
    {
        var key = OpenResetIndex.KeyFor(closed.User);
        if (await store.GetAsync<OpenResetIndex>(key, ct) is { } index && index.Value.RequestId == closed.Id)
        {
            try
            {
                await store.DeleteAsync(key, index.ETag, ct);
            }
            catch (ConcurrencyConflictException)
            {
                // Released by a concurrent close of the same request.
            }
        }
    }

    public Task ForgetAsync(Stored<ResetRequest> closed, CancellationToken ct) =>
        store.DeleteAsync(ResetRequest.KeyFor(closed.Value.Id), closed.ETag, ct);

    public IAsyncEnumerable<string> ListIdsAsync(CancellationToken ct) =>
        store.ListKeysAsync(ResetRequest.KeyPrefix, ct).Select(k => k[ResetRequest.KeyPrefix.Length..]);
}

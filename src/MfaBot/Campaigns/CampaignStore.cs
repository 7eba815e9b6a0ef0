using System.Runtime.CompilerServices;
using MfaBot.Campaigns.Model;
using MfaBot.Storage;

namespace MfaBot.Campaigns;

/// <summary>Campaign headers and invitee chunks in the <see cref="IStateStore"/>; every change is an ETag-checked write.</summary>
public sealed class CampaignStore(IStateStore store)
{
    private const int MaxConflictRetries = 50;

    /// <summary>Writes the chunks, then the header: a campaign becomes visible only once complete.</summary>
    public async Task CreateAsync(Campaign campaign, IReadOnlyList<InviteeChunk> chunks, CancellationToken ct)
    {
        foreach (var chunk in chunks) await store.PutAsync(InviteeChunk.KeyFor(campaign.Id, chunk.Index), chunk, null, ct);
        await store.PutAsync(Campaign.KeyFor(campaign.Id), campaign, null, ct);
    }

    public Task<Stored<Campaign>?> GetAsync(string id, CancellationToken ct) => store.GetAsync<Campaign>(Campaign.KeyFor(id), ct);

    public Task<Stored<InviteeChunk>?> GetChunkAsync(string id, int index, CancellationToken ct) =>
        store.GetAsync<InviteeChunk>(InviteeChunk.KeyFor(id, index), ct);

    public Task<string> PutChunkAsync(InviteeChunk chunk, string etag, CancellationToken ct) =>
        store.PutAsync(InviteeChunk.KeyFor(chunk.CampaignId, chunk.Index), chunk, etag, ct);

    public async IAsyncEnumerable<Campaign> ListAsync([EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var key in store.ListKeysAsync(Campaign.KeyPrefix, ct))
            if (await store.GetAsync<Campaign>(key, ct) is { } stored) yield return stored.Value;
    }

    public async Task<List<Invitee>> InviteesAsync(Campaign campaign, CancellationToken ct)
    {
        var all = new List<Invitee>(campaign.Total);
        for (var i = 0; i < campaign.ChunkCount; i++)
            if (await GetChunkAsync(campaign.Id, i, ct) is { } chunk) all.AddRange(chunk.Value.Invitees);
        return all;
    }

    /// <summary>Read, change, write with the ETag; on a conflict read again and re-apply. null from <paramref name="change"/> means "no change".</summary>
    public Task<T?> UpdateAsync<T>(string key, Func<T, T?> change, CancellationToken ct) where T : class =>
        UpdateCoreAsync(key, change, ct);

    public Task<Campaign?> UpdateAsync(string id, Func<Campaign, Campaign?> change, CancellationToken ct) =>
        UpdateCoreAsync(Campaign.KeyFor(id), change, ct);

    public Task<InviteeChunk?> UpdateChunkAsync(string id, int index, Func<InviteeChunk, InviteeChunk?> change, CancellationToken ct) =>
        UpdateCoreAsync(InviteeChunk.KeyFor(id, index), change, ct);

    public async Task DeleteAsync(Campaign campaign, CancellationToken ct)
    {
        await store.DeleteAsync(Campaign.KeyFor(campaign.Id), null, ct);
        for (var i = 0; i < campaign.ChunkCount; i++) await store.DeleteAsync(InviteeChunk.KeyFor(campaign.Id, i), null, ct);
    }

    private async Task<T?> UpdateCoreAsync<T>(string key, Func<T, T?> change, CancellationToken ct) where T : class
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await store.GetAsync<T>(key, ct) is not { } stored) return null;
            if (change(stored.Value) is not { } next) return null;
            try
            {
                await store.PutAsync(key, next, stored.ETag, ct);
                return next;
            }
            catch (ConcurrencyConflictException) when (attempt < MaxConflictRetries)
            {
                // Someone else wrote first; read their version and apply the change to it.
            }
        }
    }
}

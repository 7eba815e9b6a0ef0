using System.Runtime.CompilerServices;
using MfaBot.Campaigns.Index;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Campaigns;

/// <summary>
/// Campaign headers, invitee chunks and the person index over them (<see cref="PersonIndex"/>) in the <see cref="IStateStore"/>;
/// every change is an ETag-checked write.
/// </summary>
public sealed class CampaignStore(IStateStore store)
{
    private readonly PersonIndex _index = new(store);

    /// <summary>Writes the chunks, indexes them, then writes the header: a campaign becomes visible only once complete.</summary>
    public async Task CreateAsync(Campaign campaign, IReadOnlyList<InviteeChunk> chunks, CancellationToken ct)
    {
        foreach (var chunk in chunks) await store.PutAsync(InviteeChunk.KeyFor(campaign.Id, chunk.Index), chunk, null, ct);
        await _index.AddAsync(campaign.Id, chunks, ct);
        await store.PutAsync(Campaign.KeyFor(campaign.Id), campaign with { PersonIndexed = true }, null, ct);
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

    public async Task<List<Invitee>> InviteesAsync(Campaign campaign, CancellationToken ct) =>
        [.. (await ChunksAsync(campaign, ct)).SelectMany(c => c.Invitees)];

    /// <summary>
    /// The campaigns and chunks that may hold the person (by chat user, and by IAM user name when given), in campaign id
    /// order: through the person index, plus every chunk of a campaign written before the index existed, until the
    /// worker has indexed those (<see cref="IndexAsync"/>). Refs to deleted campaigns are skipped.
    /// </summary>
    public async IAsyncEnumerable<(Campaign Campaign, IReadOnlyCollection<int> Chunks)> ChunksOfAsync(
        ChatUser user, string? iamUser, [EnumeratorCancellation] CancellationToken ct)
    {
        var refs = await _index.FindAsync(PersonRef.Of(user, iamUser), ct);
        if (await _index.IsCompleteAsync(ct))
        {
            foreach (var (id, chunks) in refs)
                if (await GetAsync(id, ct) is { } stored) yield return (stored.Value, chunks);
            yield break;
        }
        await foreach (var campaign in ListAsync(ct))
        {
            if (!campaign.PersonIndexed) yield return (campaign, campaign.AllChunks());
            else if (refs.TryGetValue(campaign.Id, out var chunks)) yield return (campaign, chunks);
        }
    }

    /// <summary>Indexes a campaign written before the person index existed; safe to repeat and to race another instance.</summary>
    public async Task IndexAsync(Campaign campaign, CancellationToken ct)
    {
        await _index.AddAsync(campaign.Id, await ChunksAsync(campaign, ct), ct);
        await UpdateAsync(campaign.Id, c => c.PersonIndexed ? null : c with { PersonIndexed = true }, ct);
    }

    /// <summary>Called once every campaign is indexed: from then on finding a person lists no campaigns.</summary>
    public Task MarkIndexCompleteAsync(CancellationToken ct) => _index.MarkCompleteAsync(ct);

    /// <summary>Read, change, write with the ETag; on a conflict read again and re-apply. null from <paramref name="change"/> means "no change".</summary>
    public Task<T?> UpdateAsync<T>(string key, Func<T, T?> change, CancellationToken ct) where T : class =>
        store.UpdateAsync(key, change, null, ct);

    public Task<Campaign?> UpdateAsync(string id, Func<Campaign, Campaign?> change, CancellationToken ct) =>
        store.UpdateAsync(Campaign.KeyFor(id), change, null, ct);

    public Task<InviteeChunk?> UpdateChunkAsync(string id, int index, Func<InviteeChunk, InviteeChunk?> change, CancellationToken ct) =>
        store.UpdateAsync(InviteeChunk.KeyFor(id, index), change, null, ct);

    public async Task DeleteAsync(Campaign campaign, CancellationToken ct)
    {
        var chunks = await ChunksAsync(campaign, ct);
        await store.DeleteAsync(Campaign.KeyFor(campaign.Id), null, ct);
        for (var i = 0; i < campaign.ChunkCount; i++) await store.DeleteAsync(InviteeChunk.KeyFor(campaign.Id, i), null, ct);
        await _index.RemoveAsync(campaign.Id, chunks, ct);
    }

    public async Task<List<InviteeChunk>> ChunksAsync(Campaign campaign, CancellationToken ct) =>
        await ChunksFromAsync(campaign, 0, ct).ToListAsync(ct);

    /// <summary>The chunks from <paramref name="first"/> on, read one at a time, so a reader that stops early reads no more.</summary>
    public async IAsyncEnumerable<InviteeChunk> ChunksFromAsync(Campaign campaign, int first, [EnumeratorCancellation] CancellationToken ct)
    {
        for (var i = Math.Max(first, 0); i < campaign.ChunkCount; i++)
            if (await GetChunkAsync(campaign.Id, i, ct) is { } chunk) yield return chunk.Value;
    }
}

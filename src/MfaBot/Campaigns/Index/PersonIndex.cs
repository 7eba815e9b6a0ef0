using MfaBot.Campaigns.Model;
using MfaBot.Storage;

namespace MfaBot.Campaigns.Index;

/// <summary>
/// Which chunks of which campaigns hold a person, so finding them reads a few records instead of every chunk of every
/// campaign. Persons are hashed into <see cref="Buckets"/> records (<see cref="PersonBucket"/>): a 10,000-person campaign
/// costs at most that many index writes, not one per person, and a lookup reads one bucket per identity. Refs may
/// outlive their campaign (a crash between writes, a backfill racing a delete): readers skip what is gone.
/// </summary>
public sealed class PersonIndex(IStateStore store)
{
    /// <summary>Fixed for the life of a store: a person's bucket is derived from it.</summary>
    public const int Buckets = 256;

    /// <summary>Present once every campaign in the store is indexed (<see cref="MarkCompleteAsync"/>).</summary>
    public const string CompleteKey = "campaign-person-index-complete";

    private const int WriteConcurrency = 4;
    private volatile bool _complete;

    /// <summary>Adds (or replaces) the campaign's refs; safe to repeat and to run beside other instances.</summary>
    public Task AddAsync(string campaignId, IEnumerable<InviteeChunk> chunks, CancellationToken ct) =>
        ForEachBucketAsync(chunks, (refs, bucket) => bucket.With(campaignId, refs), PersonBucket.Empty, ct);

    /// <summary>Removes the campaign's refs from the buckets its <paramref name="chunks"/> touch.</summary>
    public Task RemoveAsync(string campaignId, IEnumerable<InviteeChunk> chunks, CancellationToken ct) =>
        ForEachBucketAsync(chunks, (_, bucket) => bucket.Without(campaignId), null, ct);

    /// <summary>Campaign id (ordinal order) → the chunks that may hold any of <paramref name="persons"/>.</summary>
    public async Task<SortedDictionary<string, SortedSet<int>>> FindAsync(IEnumerable<PersonRef> persons, CancellationToken ct)
    {
        var found = new SortedDictionary<string, SortedSet<int>>(StringComparer.Ordinal);
        foreach (var group in persons.GroupBy(p => p.Bucket))
        {
            if (await store.GetAsync<PersonBucket>(PersonBucket.KeyFor(group.Key), ct) is not { } bucket) continue;
            foreach (var (campaignId, refs) in bucket.Value.Campaigns)
                foreach (var person in group)
                    if (refs.TryGetValue(person.Id, out var chunks))
                    {
                        if (!found.TryGetValue(campaignId, out var set)) found[campaignId] = set = [];
                        set.UnionWith(chunks);
                    }
        }
        return found;
    }

    /// <summary>Whether every campaign in the store is indexed, so nobody has to list campaigns to find a person.</summary>
    public async Task<bool> IsCompleteAsync(CancellationToken ct) =>
        _complete || (_complete = await store.GetAsync<bool>(CompleteKey, ct) is not null);

    /// <summary>Records that every campaign is indexed; only campaigns written before the index existed lacked it.</summary>
    public async Task MarkCompleteAsync(CancellationToken ct)
    {
        if (await IsCompleteAsync(ct)) return;
        try
        {
            await store.PutAsync(CompleteKey, true, null, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another instance marked it first.
        }
        _complete = true;
    }

    private Task ForEachBucketAsync(IEnumerable<InviteeChunk> chunks, Func<IReadOnlyDictionary<string, int[]>, PersonBucket, PersonBucket?> change,
        PersonBucket? absent, CancellationToken ct) =>
        Parallel.ForEachAsync(RefsByBucket(chunks), new ParallelOptions { MaxDegreeOfParallelism = WriteConcurrency, CancellationToken = ct },
            async (entry, token) => await store.UpdateAsync(PersonBucket.KeyFor(entry.Key), bucket => change(entry.Value, bucket), absent, token));

    private static Dictionary<int, IReadOnlyDictionary<string, int[]>> RefsByBucket(IEnumerable<InviteeChunk> chunks)
    {
        var buckets = new Dictionary<int, Dictionary<string, SortedSet<int>>>();
        foreach (var chunk in chunks)
            foreach (var person in chunk.Invitees.SelectMany(PersonRef.Of))
            {
                if (!buckets.TryGetValue(person.Bucket, out var refs)) buckets[person.Bucket] = refs = new(StringComparer.Ordinal);
                if (!refs.TryGetValue(person.Id, out var set)) refs[person.Id] = set = [];
                set.Add(chunk.Index);
            }
        return buckets.ToDictionary(b => b.Key, b => (IReadOnlyDictionary<string, int[]>)b.Value.ToDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal));
    }
}

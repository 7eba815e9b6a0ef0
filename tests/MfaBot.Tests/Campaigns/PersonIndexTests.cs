using MfaBot.Campaigns;
using MfaBot.Campaigns.Index;
using MfaBot.Campaigns.Model;
using MfaBot.Storage;
using MfaBot.Tests.Iam;
using MfaBot.Tests.Support;
using static MfaBot.Tests.Campaigns.CampaignRecords;

namespace MfaBot.Tests.Campaigns;

/// <summary>Finding one person's invitee records reads the chunks that hold them, whatever the campaigns' size and number.</summary>
public sealed class PersonIndexTests : IAsyncDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly StoreKinds _stores = new();
    private readonly IamClient _iam = IamClient.Create(new Uri("http://127.0.0.1:9/"));

    public async ValueTask DisposeAsync()
    {
        await _iam.DisposeAsync();
        await _stores.DisposeAsync();
    }

    private async Task<(CountingStateStore Counted, CampaignStore Campaigns)> OpenAsync(string kind)
    {
        var counted = new CountingStateStore(await _stores.OpenAsync(kind));
        return (counted, new CampaignStore(counted));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Enrolling_reads_one_chunk_of_a_thousand_person_campaign_where_an_unindexed_one_costs_all_ten(string kind)
    {
        var (counted, campaigns) = await OpenAsync(kind);
        var indexed = Build("aaaa-indexed", [.. Enumerable.Range(0, 1000)]);
        await campaigns.CreateAsync(indexed.Campaign, indexed.Chunks, None);
        await campaigns.MarkIndexCompleteAsync(None);
        var tracker = Tracker(campaigns, _iam.Gateway);

        counted.Reset();
        await tracker.OnEnrolledAsync(Person(537), IamUser(537), None);

        Assert.Equal(1, counted.Count("get", "campaign-chunk/"));
        Assert.Equal(1, counted.Count("put", "campaign-chunk/aaaa-indexed/00005"));
        Assert.Equal(0, counted.Count("list"));
        Assert.True(counted.Count("get") <= 4, $"{counted.Count("get")} reads: two buckets, one header, one chunk");
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "aaaa-indexed", 537)).State);
        Assert.Equal(InviteeState.Invited, (await InviteeAsync(counted, "aaaa-indexed", 538)).State);

    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task A_campaign_written_before_the_index_is_scanned_until_indexed_then_found_through_the_index(string kind)
    {
        var (counted, campaigns) = await OpenAsync(kind);
        var legacy = Build("aaaa-legacy", [.. Enumerable.Range(0, 1000)]);
        await WriteUnindexedAsync(counted, legacy);
        var indexed = Build("bbbb-indexed", [.. Enumerable.Range(500, 1000)]);
        await campaigns.CreateAsync(indexed.Campaign, indexed.Chunks, None);
        var tracker = Tracker(campaigns, _iam.Gateway);

        counted.Reset();
        await tracker.OnEnrolledAsync(Person(537), IamUser(537), None);
        Assert.Equal(10, counted.Count("get", "campaign-chunk/aaaa-legacy/"));
        Assert.Equal(1, counted.Count("get", "campaign-chunk/bbbb-indexed/"));
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "aaaa-legacy", 537)).State);
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "bbbb-indexed", 537)).State);
        Assert.Equal(["aaaa-legacy", "bbbb-indexed"], (await tracker.FindAsync(Person(640), None)).Select(f => f.Campaign.Id));

        // What the worker's pass does: index the old campaign, then say every campaign is indexed.
        await campaigns.IndexAsync(legacy.Campaign, None);
        await campaigns.MarkIndexCompleteAsync(None);
        var (later, laterCampaigns) = await OpenAsync(kind);
        await Tracker(laterCampaigns, _iam.Gateway).OnEnrolledAsync(Person(640), IamUser(640), None);
        Assert.Equal(0, later.Count("list"));
        Assert.Equal(2, later.Count("get", "campaign-chunk/"));
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "aaaa-legacy", 640)).State);
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "bbbb-indexed", 640)).State);
        Assert.True((await counted.GetAsync<Campaign>(Campaign.KeyFor("aaaa-legacy"), None))!.Value.PersonIndexed);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Preview_campaigns_are_not_marked_and_snooze_finds_only_running_ones(string kind)
    {
        var (counted, campaigns) = await OpenAsync(kind);
        foreach (var (id, phase) in new[] { ("c-closed", CampaignPhase.Closed), ("c-preview", CampaignPhase.Preview), ("c-running", CampaignPhase.Running) })
        {
            var built = Build(id, [.. Enumerable.Range(0, 250)], phase);
            await campaigns.CreateAsync(built.Campaign, built.Chunks, None);
        }
        await campaigns.MarkIndexCompleteAsync(None);
        var tracker = Tracker(campaigns, _iam.Gateway);

        var found = Assert.Single(await tracker.FindAsync(Person(217), None));
        Assert.Equal(("c-running", 2, 217), (found.Campaign.Id, found.Chunk, found.Invitee.N));
        Assert.Empty(await tracker.FindAsync(Person(250), None));

        // Found by the IAM user name alone (the chat identity enrolling is not the one invited).
        await tracker.OnEnrolledAsync(Person(9999), IamUser(217), None);
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "c-closed", 217)).State);
        Assert.Equal(InviteeState.Invited, (await InviteeAsync(counted, "c-preview", 217)).State);
        Assert.Equal(InviteeState.Enrolled, (await InviteeAsync(counted, "c-running", 217)).State);
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Deleting_a_campaign_removes_its_refs_and_refs_to_a_vanished_campaign_are_skipped(string kind)
    {
        var (counted, campaigns) = await OpenAsync(kind);
        var deleted = Build("d-deleted", [.. Enumerable.Range(0, 150)]);
        var vanished = Build("d-vanished", [.. Enumerable.Range(0, 150)]);
        var kept = Build("d-kept", [.. Enumerable.Range(100, 10)]);
        foreach (var built in new[] { deleted, vanished, kept }) await campaigns.CreateAsync(built.Campaign, built.Chunks, None);
        await campaigns.MarkIndexCompleteAsync(None);

        await campaigns.DeleteAsync(deleted.Campaign, None);
        // As a crash between writes leaves it: the records gone, the refs still there.
        await counted.DeleteAsync(Campaign.KeyFor("d-vanished"), null, None);
        await counted.DeleteAsync(InviteeChunk.KeyFor("d-vanished", 1), null, None);

        var refs = new List<string>();
        await foreach (var key in counted.ListKeysAsync("campaign-person/", None))
            if ((await counted.GetAsync<PersonBucket>(key, None))?.Value is { } bucket) refs.AddRange(bucket.Campaigns.Keys);
        Assert.DoesNotContain("d-deleted", refs);
        Assert.Contains("d-vanished", refs);
        var tracker = Tracker(campaigns, _iam.Gateway);
        await tracker.OnEnrolledAsync(Person(105), IamUser(105), None);
        var found = Assert.Single(await tracker.FindAsync(Person(105), None));
        Assert.Equal(("d-kept", InviteeState.Enrolled), (found.Campaign.Id, found.Invitee.State));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Two_instances_creating_campaigns_of_the_same_people_at_once_lose_no_ref(string kind)
    {
        var stores = new[] { new CampaignStore(await _stores.OpenAsync(kind)), new CampaignStore(await _stores.OpenAsync(kind)) };
        var created = Enumerable.Range(0, 6).Select(c => Build($"p{c}", [.. Enumerable.Range(c * 50, 400)])).ToList();
        await Task.WhenAll(created.Select((built, c) => Task.Run(() => stores[c % 2].CreateAsync(built.Campaign, built.Chunks, None))));
        await stores[0].MarkIndexCompleteAsync(None);
        var tracker = Tracker(stores[1], _iam.Gateway);

        foreach (var n in new[] { 0, 260, 399, 449, 649 })
        {
            var expected = created.Where(b => b.Chunks.SelectMany(c => c.Invitees).Any(i => i.N == n)).Select(b => b.Campaign.Id);
            Assert.Equal(expected, (await tracker.FindAsync(Person(n), None)).Select(f => f.Campaign.Id));
        }
    }
}

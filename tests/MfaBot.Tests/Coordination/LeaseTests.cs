using MfaBot.Coordination;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Coordination;

public sealed class LeaseTests
{
    private static readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private static async Task<StoreLeaseManager[]> InstancesAsync(StoreKinds stores, string kind, ManualClock clock, int count = 2)
    {
        var result = new StoreLeaseManager[count];
        for (var i = 0; i < count; i++) result[i] = new StoreLeaseManager(await stores.OpenAsync(kind), new InstanceIdentity(), clock);
        return result;
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task A_held_lease_is_refused_to_others_until_it_expires_or_is_released(string kind)
    {
        await using var stores = new StoreKinds();
        var clock = new ManualClock();
        var (a, b) = (await InstancesAsync(stores, kind, clock)) switch { var m => (m[0], m[1]) };

        var held = await a.TryAcquireAsync("job", Minute, Ct);
        Assert.Equal(a.OwnerId, held!.Owner);
        Assert.Null(await b.TryAcquireAsync("job", Minute, Ct));
        Assert.Null(await a.TryAcquireAsync("job", Minute, Ct));
        Assert.NotNull(await b.TryAcquireAsync("other-job", Minute, Ct));

        clock.Advance(Minute + TimeSpan.FromSeconds(1));
        var taken = await b.TryAcquireAsync("job", Minute, Ct);
        Assert.Equal(b.OwnerId, taken!.Owner);
        Assert.Null(await a.RenewAsync(held, Minute, Ct));
        await a.ReleaseAsync(held, Ct);
        Assert.Null(await a.TryAcquireAsync("job", Minute, Ct));

        await b.ReleaseAsync(taken, Ct);
        Assert.NotNull(await a.TryAcquireAsync("job", Minute, Ct));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Renewal_keeps_a_lease_past_its_first_expiry(string kind)
    {
        await using var stores = new StoreKinds();
        var clock = new ManualClock();
        var m = await InstancesAsync(stores, kind, clock);
        var lease = await m[0].TryAcquireAsync("job", Minute, Ct);
        clock.Advance(TimeSpan.FromSeconds(40));
        lease = await m[0].RenewAsync(lease!, Minute, Ct);
        clock.Advance(TimeSpan.FromSeconds(40));
        Assert.NotNull(lease);
        Assert.Null(await m[1].TryAcquireAsync("job", Minute, Ct));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Of_many_instances_racing_for_a_free_lease_exactly_one_wins(string kind)
    {
        await using var stores = new StoreKinds();
        var managers = await InstancesAsync(stores, kind, new ManualClock(), 8);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var races = managers.Select(m => Task.Run(async () => { await start.Task; return await m.TryAcquireAsync("job", Minute, Ct); }, Ct)).ToList();
        start.SetResult();
        Assert.Single(await Task.WhenAll(races), l => l is not null);
    }

    [Fact]
    public async Task Run_exclusive_runs_work_on_one_instance_at_a_time_and_releases_after()
    {
        await using var stores = new StoreKinds();
        var m = await InstancesAsync(stores, "File", new ManualClock());
        var inside = new TaskCompletionSource();
        var finish = new TaskCompletionSource();
        var first = m[0].RunExclusiveAsync("job", Minute, async _ => { inside.SetResult(); await finish.Task; }, Ct);
        await inside.Task;

        var ran = false;
        Assert.False(await m[1].RunExclusiveAsync("job", Minute, _ => { ran = true; return Task.CompletedTask; }, Ct));
        Assert.False(ran);

        finish.SetResult();
        Assert.True(await first);
        Assert.True(await m[1].RunExclusiveAsync("job", Minute, _ => { ran = true; return Task.CompletedTask; }, Ct));
        Assert.True(ran);
    }

    [Fact]
    public async Task Run_exclusive_renews_during_long_work_and_cancels_the_work_when_the_lease_is_lost()
    {
        await using var stores = new StoreKinds();
        var clock = new ManualClock();
        var m = await InstancesAsync(stores, "File", clock);
        // Renewals come every third of the lease, so a renewal may be late by two thirds (2 s) before the lease
        // lapses: a busy CI machine stalls timers by far more than the 200 ms a 300 ms lease allowed.
        var duration = TimeSpan.FromSeconds(3);

        // Work longer than the lease: renewals keep others out.
        var release = new TaskCompletionSource();
        var longWork = m[0].RunExclusiveAsync("job", duration, ct => release.Task.WaitAsync(ct), Ct);
        for (var i = 0; i < 4; i++)
        {
            await Task.Delay(1000, Ct);
            Assert.Null(await m[1].TryAcquireAsync("job", duration, Ct));
        }
        release.SetResult();
        Assert.True(await longWork);

        // Someone deletes the lease entry (as if it had expired and been taken): the holder's work is cancelled.
        var store = await stores.OpenAsync("File");
        var cancelled = m[0].RunExclusiveAsync("job", duration, async ct =>
        {
            await store.DeleteAsync("lease/job", null, Ct);
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
        }, Ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(TimeSpan.FromSeconds(15), Ct));
    }
}

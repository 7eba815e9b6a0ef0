using MfaBot.Coordination;
using MfaBot.Storage;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Coordination;

public sealed class ExpiredRecordJanitorTests
{
    private static readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    private sealed record Expiring(string Payload, DateTimeOffset ExpiresAt);

    private sealed record Lasting(string Payload);

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Expired_records_under_registered_prefixes_are_deleted_and_everything_else_is_kept(string kind)
    {
        await using var stores = new StoreKinds();
        var clock = new ManualClock();
        var store = await stores.OpenAsync(kind);
        var guard = new StoreDuplicateGuard(store, clock);
        await guard.TryClaimAsync("old-1", TimeSpan.FromMinutes(1), Ct);
        await guard.TryClaimAsync("old-2", TimeSpan.FromMinutes(1), Ct);
        await guard.TryClaimAsync("live", TimeSpan.FromMinutes(15), Ct);
        var now = clock.GetUtcNow();
        await store.PutAsync("link/old", new Expiring("x", now.AddMinutes(1)), null, Ct);
        await store.PutAsync("link/live", new Expiring("x", now.AddHours(1)), null, Ct);
        await store.PutAsync("link/no-expiry", new Lasting("x"), null, Ct);
        await store.PutAsync("other/old", new Expiring("x", now.AddMinutes(1)), null, Ct);
        clock.Advance(TimeSpan.FromMinutes(2));

        await Janitor(store, clock, "dedup/", "link/").SweepAsync(Ct);

        Assert.Single(await store.ListKeysAsync("dedup/", Ct).ToListAsync(Ct));
        Assert.False(await guard.TryClaimAsync("live", TimeSpan.FromMinutes(15), Ct));
        Assert.True(await guard.TryClaimAsync("old-1", TimeSpan.FromMinutes(15), Ct));
        Assert.Equal(["link/live", "link/no-expiry"], (await store.ListKeysAsync("link/", Ct).ToListAsync(Ct)).Order());
        Assert.NotNull(await store.GetAsync<Expiring>("other/old", Ct));
    }

    private static ExpiredRecordJanitor Janitor(IStateStore store, TimeProvider clock, params string[] prefixes) =>
        new(prefixes.Select(p => new ExpiringRecords(p)), store, clock, new StoreLeaseManager(store, new InstanceIdentity(), clock),
            Options.Create(new CoordinationOptions()), NullLogger<ExpiredRecordJanitor>.Instance);
}

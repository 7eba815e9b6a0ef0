using MfaBot.Coordination;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Coordination;

public sealed class DuplicateGuardTests
{
    private static readonly CancellationToken Ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task A_key_is_claimed_once_across_instances_until_its_window_ends(string kind)
    {
        await using var stores = new StoreKinds();
        var clock = new ManualClock();
        var a = new StoreDuplicateGuard(await stores.OpenAsync(kind), clock);
        var b = new StoreDuplicateGuard(await stores.OpenAsync(kind), clock);
        const string key = "botframework\nmsteams\n19:conv\u0007with control chars and a long tail " + "x";

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? a : b).TryClaimAsync(key, Window, Ct)));
        Assert.Single(claims, c => c);
        Assert.True(await b.TryClaimAsync(key + "2", Window, Ct));

        clock.Advance(Window + TimeSpan.FromSeconds(1));
        Assert.True(await b.TryClaimAsync(key, Window, Ct));
        Assert.False(await a.TryClaimAsync(key, Window, Ct));
    }

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task A_released_claim_can_be_claimed_again(string kind)
    {
        await using var stores = new StoreKinds();
        var guard = new StoreDuplicateGuard(await stores.OpenAsync(kind), TimeProvider.System);
        Assert.True(await guard.TryClaimAsync("k", Window, Ct));
        await guard.ReleaseAsync("k", Ct);
        Assert.True(await guard.TryClaimAsync("k", Window, Ct));
        Assert.False(await guard.TryClaimAsync("k", Window, Ct));
    }

    [Fact]
    public async Task The_in_memory_guard_forgets_the_oldest_beyond_its_capacity()
    {
        var guard = new MemoryDuplicateGuard(2, TimeProvider.System);
        foreach (var key in new[] { "a", "b", "c" }) Assert.True(await guard.TryClaimAsync(key, Window, Ct));
        Assert.False(await guard.TryClaimAsync("c", Window, Ct));
        Assert.True(await guard.TryClaimAsync("a", Window, Ct));
    }
}

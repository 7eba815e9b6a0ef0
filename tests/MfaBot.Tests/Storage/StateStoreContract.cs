using MfaBot.Storage;

namespace MfaBot.Tests.Storage;

/// <summary>
/// What every <see cref="IStateStore"/> must do. A derived class supplies the store; each test works under its
/// own random key prefix, so a store shared between tests (a database) needs no cleaning.
/// </summary>
public abstract class StateStoreContract
{
    private IStateStore? _store;

    protected string P { get; } = $"t{Guid.NewGuid():N}/";

    protected IStateStore Store => _store ??= CreateStore();

    /// <summary>Bounds every test: a hung store fails the test instead of the run.</summary>
    protected CancellationToken Ct { get; } = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    /// <summary>A store over the same backing data each time it is called within one test.</summary>
    protected abstract IStateStore CreateStore();

    public sealed record Doc(string Name, int Count, List<string>? Writers = null);

    [Fact]
    public async Task Missing_key_reads_as_null()
    {
        Assert.Null(await Store.GetAsync<Doc>(P + "nothing", Ct));
    }

    [Fact]
    public async Task Create_then_read_returns_value_and_etag()
    {
        var etag = await Store.PutAsync(P + "a", new Doc("x", 1), null, Ct);
        var got = await Store.GetAsync<Doc>(P + "a", Ct);
        Assert.NotNull(got);
        Assert.Equal(new Doc("x", 1), got.Value with { Writers = null });
        Assert.Equal(etag, got.ETag);
    }

    [Fact]
    public async Task Create_fails_when_key_exists_and_keeps_first_value()
    {
        await Store.PutAsync(P + "a", new Doc("first", 1), null, Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "a", new Doc("second", 2), null, Ct));
        Assert.Equal("first", (await Store.GetAsync<Doc>(P + "a", Ct))!.Value.Name);
    }

    [Fact]
    public async Task Update_with_current_etag_succeeds_and_changes_etag()
    {
        var e1 = await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        var e2 = await Store.PutAsync(P + "a", new Doc("v2", 2), e1, Ct);
        Assert.NotEqual(e1, e2);
        var got = await Store.GetAsync<Doc>(P + "a", Ct);
        Assert.Equal(("v2", e2), (got!.Value.Name, got.ETag));
    }

    [Fact]
    public async Task Update_with_stale_or_made_up_etag_conflicts_and_changes_nothing()
    {
        var e1 = await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        var e2 = await Store.PutAsync(P + "a", new Doc("v2", 2), e1, Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "a", new Doc("stale", 3), e1, Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "a", new Doc("bogus", 3), "bogus", Ct));
        var got = await Store.GetAsync<Doc>(P + "a", Ct);
        Assert.Equal(("v2", e2), (got!.Value.Name, got.ETag));
    }

    [Fact]
    public async Task Update_of_missing_key_conflicts_and_creates_nothing()
    {
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "a", new Doc("x", 1), "some-etag", Ct));
        Assert.Null(await Store.GetAsync<Doc>(P + "a", Ct));
    }

    [Fact]
    public async Task Values_with_any_text_round_trip_including_a_nul()
    {
        await Store.PutAsync(P + "nul", new Doc("before\0after", 1), null, Ct);
        Assert.Equal("before\0after", (await Store.GetAsync<Doc>(P + "nul", Ct))!.Value.Name);
    }

    [Fact]
    public async Task Conflict_message_carries_no_value()
    {
        await Store.PutAsync(P + "a", new Doc("JBSWY3DPEHPK3PXP", 1), null, Ct);
        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "a", new Doc("JBSWY3DPEHPK3PXQ", 1), null, Ct));
        Assert.DoesNotContain("JBSWY3DPEHPK3PX", e.ToString(), StringComparison.Ordinal);
        Assert.Equal(P + "a", e.Key);
    }

    [Fact]
    public async Task Delete_with_etag_checks_it()
    {
        var e1 = await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        var e2 = await Store.PutAsync(P + "a", new Doc("v2", 2), e1, Ct);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.DeleteAsync(P + "a", e1, Ct));
        Assert.NotNull(await Store.GetAsync<Doc>(P + "a", Ct));
        await Store.DeleteAsync(P + "a", e2, Ct);
        Assert.Null(await Store.GetAsync<Doc>(P + "a", Ct));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.DeleteAsync(P + "a", e2, Ct));
    }

    [Fact]
    public async Task Delete_without_etag_removes_whatever_is_there_and_tolerates_absence()
    {
        await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        await Store.DeleteAsync(P + "a", null, Ct);
        Assert.Null(await Store.GetAsync<Doc>(P + "a", Ct));
        await Store.DeleteAsync(P + "a", null, Ct);
    }

    [Fact]
    public async Task Etag_from_before_delete_does_not_match_a_recreated_key()
    {
        var old = await Store.PutAsync(P + "a", new Doc("v1", 1), null, Ct);
        await Store.DeleteAsync(P + "a", old, Ct);
        var fresh = await Store.PutAsync(P + "a", new Doc("again", 1), null, Ct);
        Assert.NotEqual(old, fresh);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => Store.PutAsync(P + "a", new Doc("stale", 2), old, Ct));
    }

    [Fact]
    public async Task List_by_prefix_returns_exactly_the_matching_keys_in_ordinal_order()
    {
        string[] inside = [P + "enrollment/29:b", P + "enrollment/29:A", P + "enrollment/U1"];
        string[] outside = [P + "enrollments", P + "campaign/1", P + "Enrollment/x"];
        foreach (var key in inside.Concat(outside)) await Store.PutAsync(key, new Doc(key, 0), null, Ct);
        await Store.DeleteAsync(P + "enrollment/U1", null, Ct);

        var listed = await Store.ListKeysAsync(P + "enrollment/", Ct).ToListAsync(Ct);
        Assert.Equal([P + "enrollment/29:A", P + "enrollment/29:b"], listed);
        Assert.Equal(5, (await Store.ListKeysAsync(P, Ct).ToListAsync(Ct)).Count);
    }

    [Fact]
    public async Task Prefix_listing_is_exact_for_wildcards_unicode_and_slashes()
    {
        // LIKE or GLOB would take '%', '_', '*', '?' and '[' as wildcards; a byte-wise bound could cut a multi-byte character.
        string[] prefixes = ["a%", "a_", "a*", "a?", "a[", "a/", "é", "名", "😀", "\uFFFF", "a\\"];
        string[] others = ["ab", "aX", "a", "aa%", "e", "f", "名前", "😁", "\uFFFE", "\U0001F600x"];
        string[] keys = [.. prefixes.Select(x => x + "k"), .. prefixes.Select(x => x + "/z"), .. others.Distinct()];
        foreach (var key in keys) await Store.PutAsync(P + key, new Doc(key, 0), null, Ct);

        foreach (var prefix in prefixes)
        {
            var expected = keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => P + k).Order(StringComparer.Ordinal);
            Assert.Equal(expected, await Store.ListKeysAsync(P + prefix, Ct).ToListAsync(Ct));
        }
        Assert.Equal(keys.Select(k => P + k).Order(StringComparer.Ordinal), await Store.ListKeysAsync(P, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Concurrent_writes_with_one_etag_have_exactly_one_winner()
    {
        var etag = await Store.PutAsync(P + "race", new Doc("start", 0), null, Ct);
        var updates = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => WinsAsync(P + "race", new Doc($"w{i}", i), etag), Ct)));
        var creates = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => WinsAsync(P + "new", new Doc($"c{i}", i), null), Ct)));

        Assert.Single(updates, won => won is not null);
        Assert.Single(creates, won => won is not null);
        var stored = await Store.GetAsync<Doc>(P + "race", Ct);
        Assert.Equal(updates.Single(won => won is not null), stored!.ETag);
    }

    private async Task<string?> WinsAsync(string key, Doc value, string? etag)
    {
        try
        {
            return await Store.PutAsync(key, value, etag, Ct);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    [Fact]
    public async Task Concurrent_writers_on_one_key_lose_no_successful_update()
    {
        await Store.PutAsync(P + "hot", new Doc("hot", 0, []), null, Ct);
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () =>
        {
            var current = await Store.GetAsync<Doc>(P + "hot", Ct);
            var next = current!.Value with { Count = current.Value.Count + 1, Writers = [.. current.Value.Writers!, $"w{i}"] };
            try
            {
                await Store.PutAsync(P + "hot", next, current.ETag, Ct);
                return $"w{i}";
            }
            catch (ConcurrencyConflictException)
            {
                return null;
            }
        }, Ct)));

        var winners = outcomes.OfType<string>().ToHashSet();
        var final = (await Store.GetAsync<Doc>(P + "hot", Ct))!.Value;
        Assert.NotEmpty(winners);
        Assert.Equal(winners.Count, final.Count);
        Assert.Equal(winners, final.Writers!.ToHashSet());
        Assert.Equal(final.Count, final.Writers!.Count);
    }

    [Fact]
    public async Task Concurrent_writers_that_retry_on_conflict_all_land()
    {
        await Store.PutAsync(P + "hot", new Doc("hot", 0, []), null, Ct);
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => AppendWithRetryAsync(Store, P + "hot", $"w{i}"), Ct)));
        var final = (await Store.GetAsync<Doc>(P + "hot", Ct))!.Value;
        Assert.Equal(50, final.Count);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"w{i}").Order(), final.Writers!.Order());
    }

    public static TheoryData<string> HostileKeyData => new(HostileKeys);

    protected static readonly string[] HostileKeys =
    [
        "enrollment/29:abc", "../../../../etc/passwd", "..", ".", "a/../../b", "back\\slash\\..\\..", "C:\\Windows",
        "with space and\ttab".Replace("\t", " "), "ünïcödé/名前/😀", "UPPER", "upper", "_2F", "%2e%2e%2f", "con", "nul.txt",
        "trailing.", "trailing ", "~tilde~", "a:b*c?d\"e<f>g|h", "'; DROP TABLE state; --", new string('x', 300),
        string.Concat(Enumerable.Repeat("ß/😀", 100)),
    ];

    [Theory]
    [MemberData(nameof(HostileKeyData))]
    public async Task Hostile_keys_round_trip_and_list_as_themselves(string suffix)
    {
        var key = P + suffix;
        var etag = await Store.PutAsync(key, new Doc(suffix, 1), null, Ct);
        Assert.Equal(suffix, (await Store.GetAsync<Doc>(key, Ct))!.Value.Name);
        Assert.Equal([key], await Store.ListKeysAsync(P, Ct).ToListAsync(Ct));
        await Store.DeleteAsync(key, etag, Ct);
        Assert.Empty(await Store.ListKeysAsync(P, Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Keys_differing_only_in_case_or_escaping_stay_distinct()
    {
        string[] keys = [P + "User/A", P + "user/a", P + "user_2Fa", P + "user%2Fa", P + "user/A"];
        foreach (var key in keys) await Store.PutAsync(key, new Doc(key, 0), null, Ct);
        foreach (var key in keys) Assert.Equal(key, (await Store.GetAsync<Doc>(key, Ct))!.Value.Name);
        Assert.Equal(keys.Order(StringComparer.Ordinal), await Store.ListKeysAsync(P, Ct).ToListAsync(Ct));
    }

    public static TheoryData<string> InvalidKeys => new() { "", "nul\0char", "line\nbreak", new string('k', StateKey.MaxLength + 1) };

    [Theory]
    [MemberData(nameof(InvalidKeys))]
    public async Task Invalid_keys_are_refused_with_argument_exception(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new Doc("x", 1), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync<Doc>(key, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.DeleteAsync(key, null, Ct));
    }

    [Fact]
    public async Task A_lone_surrogate_is_refused_so_it_cannot_alias_the_replacement_character()
    {
        // Kept out of the theory: xunit's data serialization would repair the string before the test saw it.
        await Store.PutAsync(P + "x\uFFFD", new Doc("replacement", 1), null, Ct);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(P + "x\uD800", new Doc("lone", 1), null, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.GetAsync<Doc>(P + "x\uDC00", Ct));
    }

    protected async Task AppendWithRetryAsync(IStateStore store, string key, string writer)
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var current = await store.GetAsync<Doc>(key, Ct);
            var next = current!.Value with { Count = current.Value.Count + 1, Writers = [.. current.Value.Writers!, writer] };
            try
            {
                await store.PutAsync(key, next, current.ETag, Ct);
                return;
            }
            catch (ConcurrencyConflictException)
            {
                await Task.Yield();
            }
        }
        throw new TimeoutException($"{writer} never won the key");
    }
}

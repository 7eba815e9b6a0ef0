using System.Diagnostics;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Delivery.Postgres;
using MfaBot.Coordination;
using MfaBot.Storage.Postgres;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Options;
using Npgsql;
using Xunit.Abstractions;

namespace MfaBot.Tests.Campaigns;

/// <summary>
/// Both ledgers under concurrent reservations: several tasks, and for PostgreSQL several data sources (as several
/// instances), on overlapping lanes taken in either order. The clock stands still, so every slot is exact.
/// </summary>
public sealed class PaceLedgerTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(25);
    private static readonly PaceRule[] TenantRules = [new(5, TimeSpan.FromSeconds(1)), new(1, TimeSpan.FromMilliseconds(100), Padded: false)];
    private static readonly PaceRule[] ConversationRules = [new(2, TimeSpan.FromSeconds(1))];
    private static CancellationToken Ct => CancellationToken.None;

    private readonly ManualTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddYears(56));
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _database = null!;

    public async Task InitializeAsync()
    {
        _database = await PostgresTestDatabase.CreateAsync();
        await PostgresSchema.MigrateAsync(Source(), Ct);
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
        await PostgresTestDatabase.DropAsync(_database);
    }

    private NpgsqlDataSource Source()
    {
        var source = NpgsqlDataSource.Create(_database);
        _sources.Add(source);
        return source;
    }

    private IPaceLedger[] Ledgers(string kind, int instances, TimeProvider clock) => kind == "memory"
        ? [new SlidingWindowLimiter(clock, Margin)]
        : [.. Enumerable.Range(0, instances).Select(_ => new PostgresPaceLedger(Source(), clock, Margin))];

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task Concurrent_reservations_never_break_a_rule_in_any_window(string kind)
    {
        var ledgers = Ledgers(kind, 3, _clock);
        PaceLane tenant = new("msteams/tenant/t1", TenantRules), conversation = new("msteams/conversation/c1", ConversationRules);
        var slots = await Task.WhenAll(Enumerable.Range(0, 8).Select(task => Task.Run(async () =>
        {
            var mine = new List<(bool Conversation, DateTimeOffset At)>();
            for (var i = 0; i < 15; i++)
            {
                // Overlapping lanes in both orders: a ledger that locked them in the caller's order could deadlock.
                var both = i % 3 == 0;
                PaceLane[] lanes = !both ? [tenant] : task % 2 == 0 ? [tenant, conversation] : [conversation, tenant];
                mine.Add((both, await ledgers[(task + i) % ledgers.Length].ReserveAsync(lanes, Ct)));
            }
            return mine;
        })));

        var all = slots.SelectMany(s => s).ToList();
        Assert.Equal(120, all.Count);
        Assert.Equal(5, CampaignDriver.MaxInWindow(all.Select(s => s.At), TimeSpan.FromSeconds(1) + Margin));
        Assert.Equal(2, CampaignDriver.MaxInWindow(all.Where(s => s.Conversation).Select(s => s.At), TimeSpan.FromSeconds(1) + Margin));
        var times = all.Select(s => s.At).Order().ToArray();
        Assert.All(times.Zip(times.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromMilliseconds(100), $"{p.First:O} then {p.Second:O}"));
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task A_pause_holds_the_lane_back_and_a_shorter_one_does_not_shorten_it(string kind)
    {
        var ledgers = Ledgers(kind, 2, _clock);
        PaceLane[] lane = [new("slack/tenant/T1", TenantRules)];
        var now = _clock.GetUtcNow();
        Assert.Equal(now, await ledgers[0].ReserveAsync(lane, Ct));

        await ledgers[^1].PauseAsync(lane[0].Key, TimeSpan.FromSeconds(3), Ct);
        await ledgers[0].PauseAsync(lane[0].Key, null, Ct);

        Assert.Equal(now + TimeSpan.FromSeconds(3), await ledgers[0].ReserveAsync(lane, Ct));
    }

    [Fact]
    public async Task The_janitor_deletes_idle_lanes_and_keeps_busy_and_paused_ones()
    {
        var source = Source();
        var ledger = new PostgresPaceLedger(source, _clock, Margin);
        await ledger.ReserveAsync([new("a/conversation/idle", ConversationRules)], Ct);
        await ledger.PauseAsync("a/tenant/paused", TimeSpan.FromMinutes(5), Ct);
        _clock.Advance(TimeSpan.FromSeconds(1) + Margin + TimeSpan.FromTicks(1));
        await ledger.ReserveAsync([new("a/conversation/busy", ConversationRules)], Ct);

        // The lease is the base class's business; a pass is what is tested here.
        var janitor = new PaceLaneJanitor(source, _clock, leases: null!, Options.Create(new CoordinationOptions()),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<PaceLaneJanitor>.Instance);
        await janitor.SweepAsync(Ct);

        await using var lanes = source.CreateCommand("SELECT lane FROM mfabot_pace_lane ORDER BY lane");
        await using var reader = await lanes.ExecuteReaderAsync(Ct);
        var left = new List<string>();
        while (await reader.ReadAsync(Ct)) left.Add(reader.GetString(0));
        Assert.Equal(new[] { "a/conversation/busy", "a/tenant/paused" }, left);
    }

    /// <summary>Not a timing assertion: prints the cost of one reservation (tenant + conversation lane, as a campaign message).</summary>
    [Fact]
    public async Task Cost_of_a_reservation_in_postgres()
    {
        var ledger = Ledgers("postgres", 1, TimeProvider.System)[0];
        PaceRule[] generous = [new(1_000_000, TimeSpan.FromSeconds(1))];
        await ledger.ReserveAsync([new("cost/tenant/warm-up", generous)], Ct);
        const int Count = 2000;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < Count; i++)
            await ledger.ReserveAsync([new("cost/tenant/t1", generous), new($"cost/conversation/{i}", ConversationRules)], Ct);
        watch.Stop();
        output.WriteLine($"{Count} reservations in {watch.Elapsed.TotalMilliseconds:F0} ms: {watch.Elapsed.TotalMilliseconds / Count:F3} ms each");
    }
}

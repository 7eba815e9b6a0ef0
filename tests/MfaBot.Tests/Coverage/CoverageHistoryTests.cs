using MfaBot.Coordination;
using MfaBot.Coverage;
using MfaBot.Coverage.History;
using MfaBot.Resets;
using MfaBot.Storage;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Coverage;

/// <summary>
/// The daily coverage counts: two instances sweeping the same day over one store record it once and read the report
/// no more after; the next day is a new point; the janitor deletes a day a year (366 days) later.
/// </summary>
public sealed class CoverageHistoryTests
{
    /// <summary>A report of <paramref name="humans"/> users, the first <see cref="WithMfa"/> of them with MFA; counts its readings.</summary>
    private sealed class CountingReader(int humans) : ICredentialReportReader
    {
        public int Reads;
        public int WithMfa = 1;

        public Task<CredentialInventory> OpenAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Reads);
            var rows = Enumerable.Range(0, humans)
                .Select(n => new CredentialRow($"user{n}", $"arn:aws:iam::123456789012:user/user{n}", "/", null, true, null, n < WithMfa, null, null));
            return Task.FromResult(new CredentialInventory(CredentialSource.CredentialReport, rows.ToAsyncEnumerable(), () => null));
        }
    }

    private static CoverageHistorySweeper Sweeper(IStateStore store, ICredentialReportReader reader, TimeProvider clock) =>
        new(new CoverageHistory(store, clock), reader, Options.Create(new CoverageOptions()), Options.Create(new ResetOptions()),
            new StoreLeaseManager(store, new InstanceIdentity(), clock), Options.Create(new CoordinationOptions()), NullLogger<CoverageHistorySweeper>.Instance);

    [Theory]
    [MemberData(nameof(StoreKinds.All), MemberType = typeof(StoreKinds))]
    public async Task Two_instances_record_a_day_once_the_next_day_is_a_new_point_and_a_year_later_it_is_deleted(string kind)
    {
        await using var stores = new StoreKinds();
        var clock = new ManualClock();
        var reader = new CountingReader(5);
        var (one, two) = (await stores.OpenAsync(kind), await stores.OpenAsync(kind));
        var (a, b) = (Sweeper(one, reader, clock), Sweeper(two, reader, clock));
        var ct = CancellationToken.None;
        var day = CoverageDay.DayOf(clock.GetUtcNow());

        await Task.WhenAll(a.SweepAsync(ct), b.SweepAsync(ct));
        var readsOnTheDay = reader.Reads;
        reader.WithMfa = 3;
        await b.SweepAsync(ct);
        await a.SweepAsync(ct);

        Assert.InRange(readsOnTheDay, 1, 2);
        Assert.Equal(readsOnTheDay, reader.Reads);
        var stored = (await one.GetAsync<CoverageDay>(CoverageDay.KeyFor(day), ct))!.Value;
        Assert.Equal((5, 1, 4), (stored.Humans, stored.WithMfa, stored.Without));
        Assert.Equal(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(366), stored.ExpiresAt);

        clock.Advance(TimeSpan.FromDays(1));
        await b.SweepAsync(ct);
        var days = await new CoverageHistory(one, clock).LastDaysAsync(ct);
        Assert.Equal([(day, 1), (day.AddDays(1), 3)], days.Select(d => (d.Day, d.WithMfa)));

        // 366 days after the first day began, it is past its expiry; the second day is not.
        clock.Advance(TimeSpan.FromDays(365));
        var janitor = new ExpiredRecordJanitor([new ExpiringRecords(CoverageDay.Prefix)], one, clock,
            new StoreLeaseManager(one, new InstanceIdentity(), clock), Options.Create(new CoordinationOptions()), NullLogger<ExpiredRecordJanitor>.Instance);
        await janitor.SweepAsync(ct);
        Assert.Equal([CoverageDay.KeyFor(day.AddDays(1))], await one.ListKeysAsync(CoverageDay.Prefix, ct).ToListAsync());
    }
}

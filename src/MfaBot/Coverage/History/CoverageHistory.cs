using MfaBot.Coverage.Report;
using MfaBot.Storage;

namespace MfaBot.Coverage.History;

/// <summary>
/// The daily counts in the state store. The sweeper adds a day only when it is missing (a create, so of two instances
/// one writes); an answer to "coverage" replaces today's with what it just read, so the chart's last point is the card's.
/// </summary>
public sealed class CoverageHistory(IStateStore store, TimeProvider clock)
{
    public const int TrendDays = 90;

    public async Task<bool> HasTodayAsync(CancellationToken ct) =>
        await store.GetAsync<CoverageDay>(CoverageDay.KeyFor(CoverageDay.DayOf(clock.GetUtcNow())), ct) is not null;

    /// <returns>False when today was already recorded (by this or another instance).</returns>
    public async Task<bool> AddTodayAsync(CoverageResult result, CancellationToken ct)
    {
        var day = CoverageDay.Of(result.Humans, result.WithMfa, clock.GetUtcNow());
        try
        {
            await store.PutAsync(CoverageDay.KeyFor(day.Day), day, null, ct);
            return true;
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
    }

    public async Task RecordTodayAsync(CoverageResult result, CancellationToken ct)
    {
        var day = CoverageDay.Of(result.Humans, result.WithMfa, clock.GetUtcNow());
        var key = CoverageDay.KeyFor(day.Day);
        var current = await store.GetAsync<CoverageDay>(key, ct);
        try
        {
            await store.PutAsync(key, day, current?.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another reading of today landed in between; either is today's.
        }
    }

    /// <summary>The recorded days of the last <see cref="TrendDays"/> days up to today, oldest first.</summary>
    public async Task<List<CoverageDay>> LastDaysAsync(CancellationToken ct)
    {
        var today = CoverageDay.DayOf(clock.GetUtcNow());
        var from = CoverageDay.KeyFor(today.AddDays(1 - TrendDays));
        var to = CoverageDay.KeyFor(today);
        var days = new List<CoverageDay>();
        await foreach (var key in store.ListKeysAsync(CoverageDay.Prefix, ct))
        {
            if (string.CompareOrdinal(key, from) < 0 || string.CompareOrdinal(key, to) > 0) continue;
            if (await store.GetAsync<CoverageDay>(key, ct) is { } stored) days.Add(stored.Value);
        }
        return days;
    }
}

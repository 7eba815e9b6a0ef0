namespace MfaBot.Campaigns.Delivery;

/// <summary>A lane's limit: at most <paramref name="Limit"/> requests in any window of <paramref name="Window"/>.</summary>
/// <param name="Padded">Whether the margin is added to the window (yes for the platform's limits, no for smoothing).</param>
public sealed record PaceRule(int Limit, TimeSpan Window, bool Padded = true);

/// <summary>A budget requests share, e.g. "msteams/tenant/t1", with its rules.</summary>
public readonly record struct PaceLane(string Key, PaceRule[] Rules);

/// <summary>
/// The one rule every pace ledger applies, in memory or in PostgreSQL: for each rule (L, W) a new request goes no
/// earlier than W after the L-th most recent one, and never before an earlier reservation or a 429 pause ends.
/// Reservations are kept in time order, so the check holds for every window, not only aligned ones. Times are ticks.
/// </summary>
public static class PaceWindow
{
    /// <summary>How long a reservation can still count against a lane: its longest window plus the margin.</summary>
    public static long KeepTicks(PaceRule[] rules, TimeSpan margin) => rules.Max(r => r.Window.Ticks) + margin.Ticks;

    /// <summary>How many of the oldest reservations no window counts any more, so they may be dropped.</summary>
    public static int Expired(ReadOnlySpan<long> reserved, long keepTicks, long now)
    {
        var cut = 0;
        while (cut < reserved.Length && reserved[cut] <= now - keepTicks) cut++;
        return cut;
    }

    /// <summary>The earliest time a new request may go in a lane whose reservations are <paramref name="reserved"/>.</summary>
    public static long Earliest(ReadOnlySpan<long> reserved, long pausedUntil, PaceRule[] rules, TimeSpan margin, long now)
    {
        var at = Math.Max(now, pausedUntil);
        if (reserved.Length > 0) at = Math.Max(at, reserved[^1]);
        foreach (var rule in rules)
            if (reserved.Length >= rule.Limit) at = Math.Max(at, reserved[^rule.Limit] + rule.Window.Ticks + (rule.Padded ? margin.Ticks : 0));
        return at;
    }

    /// <summary>The pause a 429 asks for: its Retry-After from now, or 1 s when the platform did not say.</summary>
    public static long PausedUntil(long now, TimeSpan? retryAfter) =>
        now + (retryAfter is { } r && r > TimeSpan.Zero ? r : TimeSpan.FromSeconds(1)).Ticks;
}

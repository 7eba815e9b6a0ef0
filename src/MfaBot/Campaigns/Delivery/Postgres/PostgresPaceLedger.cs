using Npgsql;
using NpgsqlTypes;

namespace MfaBot.Campaigns.Delivery.Postgres;

/// <summary>
/// The pace ledger every instance shares (table mfabot_pace_lane), so N instances together keep to one rate, not N
/// times it. One short transaction per reservation locks the lanes' rows in key order (no deadlock between two
/// reservations of overlapping lanes), applies <see cref="PaceWindow"/> and appends the slot. Times are the
/// instances' clocks in UTC ticks: they must be NTP-synced, as the leases already require.
/// </summary>
public sealed class PostgresPaceLedger(NpgsqlDataSource dataSource, TimeProvider clock, TimeSpan margin) : IPaceLedger
{
    // Inserting in key order too: two transactions creating the same new lanes would otherwise wait on each other.
    private const string Ensure = """
        INSERT INTO mfabot_pace_lane (lane) SELECT k FROM unnest(@keys) AS k ORDER BY k COLLATE "C" ON CONFLICT DO NOTHING
        """;

    private const string Lock = """
        SELECT lane, reserved, paused_until FROM mfabot_pace_lane WHERE lane = ANY(@keys) ORDER BY lane FOR UPDATE
        """;

    // Drops each lane's expired head (a slice from cut + 1) and appends the new slot.
    private const string Append = """
        UPDATE mfabot_pace_lane AS l SET reserved = l.reserved[u.cut + 1:] || @at, keep_until = GREATEST(l.keep_until, @at + u.keep)
        FROM unnest(@keys, @cuts, @keeps) AS u(lane, cut, keep) WHERE l.lane = u.lane
        """;

    private const string Pause = """
        INSERT INTO mfabot_pace_lane (lane, paused_until) VALUES (@key, @until)
        ON CONFLICT (lane) DO UPDATE SET paused_until = GREATEST(mfabot_pace_lane.paused_until, excluded.paused_until)
        """;

    public async ValueTask<DateTimeOffset> ReserveAsync(IReadOnlyList<PaceLane> lanes, CancellationToken ct)
    {
        var byKey = lanes.GroupBy(l => l.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Rules, StringComparer.Ordinal);
        var keys = byKey.Keys.ToArray();
        while (true)
            if (await TryReserveAsync(byKey, keys, ct) is { } slot) return slot;
    }

    /// <returns>The slot, or null when the janitor deleted a lane between its INSERT and its lock: then try again.</returns>
    private async Task<DateTimeOffset?> TryReserveAsync(Dictionary<string, PaceRule[]> byKey, string[] keys, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var ensure = new NpgsqlCommand(Ensure, connection, transaction))
        {
            ensure.Parameters.AddWithValue("keys", keys);
            await ensure.ExecuteNonQueryAsync(ct);
        }
        var rows = new List<(string Key, long[] Reserved, long PausedUntil)>(keys.Length);
        await using (var read = new NpgsqlCommand(Lock, connection, transaction))
        {
            read.Parameters.AddWithValue("keys", keys);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) rows.Add((reader.GetString(0), reader.GetFieldValue<long[]>(1), reader.GetInt64(2)));
        }
        if (rows.Count < keys.Length) return null;
        // Read the clock once the rows are ours: time spent waiting for another instance's lock is not a slot lost.
        var now = clock.GetUtcNow().UtcTicks;
        var at = now;
        var cuts = new int[rows.Count];
        var keeps = new long[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            var rules = byKey[rows[i].Key];
            keeps[i] = PaceWindow.KeepTicks(rules, margin);
            cuts[i] = PaceWindow.Expired(rows[i].Reserved, keeps[i], now);
            at = Math.Max(at, PaceWindow.Earliest(rows[i].Reserved.AsSpan(cuts[i]), rows[i].PausedUntil, rules, margin, now));
        }
        await using (var append = new NpgsqlCommand(Append, connection, transaction))
        {
            append.Parameters.AddWithValue("at", at);
            append.Parameters.AddWithValue("keys", rows.Select(r => r.Key).ToArray());
            append.Parameters.AddWithValue("cuts", cuts);
            append.Parameters.AddWithValue("keeps", keeps);
            await append.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return new DateTimeOffset(at, TimeSpan.Zero);
    }

    public async ValueTask PauseAsync(string key, TimeSpan? retryAfter, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(Pause);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.AddWithValue("until", NpgsqlDbType.Bigint, PaceWindow.PausedUntil(clock.GetUtcNow().UtcTicks, retryAfter));
        await command.ExecuteNonQueryAsync(ct);
    }
}

using MfaBot.Coordination;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MfaBot.Campaigns.Delivery.Postgres;

/// <summary>
/// Deletes lanes no window counts any more and no 429 holds: one row per conversation ever messaged would
/// otherwise stay forever. A lane deleted just as it is reserved again is simply created anew.
/// </summary>
public sealed partial class PaceLaneJanitor(NpgsqlDataSource dataSource, TimeProvider clock, ILeaseManager leases,
    IOptions<CoordinationOptions> options, ILogger<PaceLaneJanitor> logger) : LeasedSweeper(leases, options, logger)
{
    protected override string LeaseName => "janitor/pace-lanes";

    private readonly TimeSpan _interval = options.Value.JanitorInterval;

    protected override TimeSpan Interval => _interval;

    public override async Task SweepAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM mfabot_pace_lane WHERE keep_until < @now AND paused_until < @now");
        command.Parameters.AddWithValue("now", clock.GetUtcNow().UtcTicks);
        var deleted = await command.ExecuteNonQueryAsync(ct);
        if (deleted > 0) LogDeleted(logger, deleted);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} idle pace lanes")]
    private static partial void LogDeleted(ILogger logger, int count);
}

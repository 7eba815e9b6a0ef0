using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

/// <summary>Deletes expired duplicate-guard claims now and then, on one instance at a time.</summary>
public sealed partial class DuplicateGuardJanitor(StoreDuplicateGuard guard, ILeaseManager leases,
    IOptions<CoordinationOptions> options, ILogger<DuplicateGuardJanitor> logger) : LeasedSweeper(leases, options, logger)
{
    protected override string LeaseName => "janitor/dedup";

    private readonly TimeSpan _interval = options.Value.JanitorInterval;

    protected override TimeSpan Interval => _interval;

    public override async Task SweepAsync(CancellationToken ct)
    {
        var deleted = await guard.DeleteExpiredAsync(ct);
        if (deleted > 0) LogDeleted(logger, deleted);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired duplicate-guard claims")]
    private static partial void LogDeleted(ILogger logger, int count);
}

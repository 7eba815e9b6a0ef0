using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

/// <summary>Deletes expired duplicate-guard claims now and then, on one instance at a time.</summary>
public sealed partial class DuplicateGuardJanitor(StoreDuplicateGuard guard, ILeaseManager leases,
    IOptions<CoordinationOptions> options, ILogger<DuplicateGuardJanitor> logger) : BackgroundService
{
    public const string LeaseName = "janitor/dedup";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.JanitorInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await leases.RunExclusiveAsync(LeaseName, options.Value.LeaseDuration, async ct =>
                {
                    var deleted = await guard.DeleteExpiredAsync(ct);
                    if (deleted > 0) LogDeleted(logger, deleted);
                }, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired duplicate-guard claims")]
    private static partial void LogDeleted(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired duplicate-guard claims failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception e);
}

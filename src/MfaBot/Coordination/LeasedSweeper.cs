using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

/// <summary>
/// Periodic background work that runs on every instance but, under a lease, on one at a time. A failed pass is
/// logged and the next tick tries again; the host never stops because of it.
/// </summary>
public abstract partial class LeasedSweeper(ILeaseManager leases, IOptions<CoordinationOptions> coordination, ILogger logger) : BackgroundService
{
    /// <summary>The lease that keeps two instances from sweeping at once, e.g. "sweeper/enrollment".</summary>
    protected abstract string LeaseName { get; }

    protected abstract TimeSpan Interval { get; }

    /// <summary>One pass; public so tests and tools can run it directly.</summary>
    public abstract Task SweepAsync(CancellationToken ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await leases.RunExclusiveAsync(LeaseName, coordination.Value.LeaseDuration, SweepAsync, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, e, LeaseName);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Background pass {LeaseName} failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception e, string leaseName);
}

using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Coordination;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// Runs on every instance: finds running campaigns, works through due chunks under leases (so instances share
/// the work and a stopped one's chunks are picked up), keeps the manager's card current, re-checks IAM and closes
/// campaigns at their deadline. A stop finishes and records the sends in flight, then gives the leases back.
/// </summary>
public sealed partial class CampaignWorker(
    CampaignStore store, ChunkJob job, ProgressReporter progress, EnrollmentTracker tracker, CampaignSignal signal, InstanceIdentity instance,
    IOptions<CampaignOptions> options, TimeProvider clock, ILogger<CampaignWorker> logger) : BackgroundService
{
    private readonly CampaignOptions _options = options.Value;
    private readonly Dictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>Identifies this instance's leases.</summary>
    public string Owner => instance.Id;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogPassFailed(logger, e);
                }
                await signal.WaitAsync(_options.Delivery.PollInterval, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            await Task.WhenAll(_running.Values);
        }
    }

    /// <summary>One look at every campaign; public so tests and tools can drive it. Also indexes campaigns written before the person index.</summary>
    public async Task PassAsync(CancellationToken ct)
    {
        foreach (var (key, task) in _running.Where(r => r.Value.IsCompleted).ToList())
        {
            _running.Remove(key);
            if (task.IsFaulted) LogJobFailed(logger, task.Exception, key);
        }
        await foreach (var campaign in store.ListAsync(ct))
        {
            if (!campaign.PersonIndexed) await store.IndexAsync(campaign, ct);
            var now = clock.GetUtcNow();
            switch (campaign.Phase)
            {
                case CampaignPhase.Preview when now >= campaign.CreatedAt + _options.PreviewLifetime:
                    await store.DeleteAsync(campaign, ct);
                    break;
                case CampaignPhase.Running when now >= campaign.Deadline:
                    await progress.CloseAtDeadlineAsync(campaign, ct);
                    break;
                case CampaignPhase.Running:
                    await WorkOnAsync(campaign, now, ct);
                    break;
            }
        }
        await store.MarkIndexCompleteAsync(ct);
    }

    private async Task WorkOnAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var invitees = new List<Invitee>(campaign.Total);
        for (var index = 0; index < campaign.ChunkCount; index++)
        {
            if (await store.GetChunkAsync(campaign.Id, index, ct) is not { } chunk) continue;
            invitees.AddRange(chunk.Value.Invitees);
            var key = InviteeChunk.KeyFor(campaign.Id, index);
            if (_running.Count >= _options.Delivery.ConcurrentChunks || _running.ContainsKey(key)) continue;
            if (chunk.Value.IsLeasedByOther(Owner, now) || !job.HasWork(campaign, chunk.Value, now)) continue;
            _running[key] = Task.Run(async () =>
            {
                try
                {
                    await job.RunAsync(campaign, chunk, Owner, ct);
                }
                finally
                {
                    signal.Wake();
                }
            }, CancellationToken.None);
        }
        await progress.ShowAsync(campaign, invitees, ct);
        var recheck = "recheck/" + campaign.Id;
        if (!_running.ContainsKey(recheck) && (campaign.RecheckedAt ?? campaign.CreatedAt) + _options.RecheckInterval <= now)
            _running[recheck] = Task.Run(() => tracker.RecheckAsync(campaign, ct), CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign pass failed; it runs again at the next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Campaign work {Key} failed; it is picked up again")]
    private static partial void LogJobFailed(ILogger logger, Exception? e, string key);
}

/// <summary>Wakes the campaign worker early: a campaign was confirmed, a chunk finished.</summary>
public sealed class CampaignSignal : IDisposable
{
    private readonly SemaphoreSlim _wake = new(0, 1);

    public void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _wake.WaitAsync(timeout, ct);

    public void Dispose() => _wake.Dispose();
}

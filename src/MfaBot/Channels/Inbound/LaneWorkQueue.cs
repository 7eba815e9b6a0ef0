using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MfaBot.Channels.Inbound;

/// <summary>
/// Runs accepted deliveries after the HTTP answer: one lane per conversation (or person) so its turns stay in
/// order, lanes in parallel up to a limit, a bounded number of waiting items, and a drain on shutdown.
/// Each channel keeps its own instance.
/// </summary>
internal class LaneWorkQueue : IHostedService, IDisposable
{
    private readonly Dictionary<string, Queue<Func<CancellationToken, Task>>> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _parallel;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _capacity;
    private readonly string _name;
    private readonly ILogger _logger;
    private int _pending;
    private bool _stopping;

    /// <param name="name">The channel, for log lines.</param>
    public LaneWorkQueue(string name, int capacity, int maxParallelLanes, ILogger logger)
    {
        _name = name;
        _capacity = capacity;
        _parallel = new SemaphoreSlim(maxParallelLanes);
        _logger = logger;
    }

    /// <returns>false when full or shutting down; the caller should answer 503.</returns>
    public bool TryEnqueue(string conversationKey, Func<CancellationToken, Task> work)
    {
        lock (_gate)
        {
            if (_stopping || _pending >= _capacity) return false;
            _pending++;
            if (_lanes.TryGetValue(conversationKey, out var lane))
            {
                lane.Enqueue(work);
                return true;
            }
            lane = new Queue<Func<CancellationToken, Task>>();
            lane.Enqueue(work);
            _lanes.Add(conversationKey, lane);
        }
        _ = Task.Run(() => RunLaneAsync(conversationKey));
        return true;
    }

    private async Task RunLaneAsync(string key)
    {
        while (true)
        {
            Func<CancellationToken, Task> work;
            lock (_gate)
            {
                var lane = _lanes[key];
                if (lane.Count == 0)
                {
                    _lanes.Remove(key);
                    if (_stopping && _lanes.Count == 0) _drained.TrySetResult();
                    return;
                }
                work = lane.Dequeue();
            }
            await RunOneAsync(work);
        }
    }

    private async Task RunOneAsync(Func<CancellationToken, Task> work)
    {
        try
        {
            await _parallel.WaitAsync(_abort.Token);
            try { await work(_abort.Token); }
            finally { _parallel.Release(); }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Shutdown ran out of time; the item is dropped.
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Queued {Channel} work failed", _name);
        }
        finally
        {
            lock (_gate) _pending--;
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopping = true;
            if (_lanes.Count == 0) _drained.TrySetResult();
        }
        try
        {
            await _drained.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            _logger.LogWarning("Shutdown timed out with {Count} {Channel} deliveries unprocessed", Volatile.Read(ref _pending), _name);
            await _abort.CancelAsync();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        // Lanes abandoned by a timed-out shutdown may still touch these; leave them to the finalizer then.
        if (!_drained.Task.IsCompleted) return;
        _abort.Dispose();
        _parallel.Dispose();
    }
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>
/// Runs accepted activities after the HTTP answer: one lane per conversation so its turns stay in order,
/// lanes in parallel up to a limit, a bounded number of waiting items, and a drain on shutdown.
/// </summary>
internal sealed class ConversationWorkQueue : IHostedService, IDisposable
{
    private readonly Dictionary<string, Queue<Func<CancellationToken, Task>>> _lanes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _parallel;
    private readonly CancellationTokenSource _abort = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _capacity;
    private readonly ILogger<ConversationWorkQueue> _logger;
    private int _pending;
    private bool _stopping;

    public ConversationWorkQueue(IOptions<BotFrameworkOptions> options, ILogger<ConversationWorkQueue> logger)
    {
        _capacity = options.Value.WorkQueueCapacity;
        _parallel = new SemaphoreSlim(options.Value.MaxConcurrentConversations);
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
            _logger.LogError(ex, "Queued Bot Framework work failed");
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
            _logger.LogWarning("Shutdown timed out with {Count} Bot Framework activities unprocessed", Volatile.Read(ref _pending));
            await _abort.CancelAsync();
        }
    }

    public void Dispose()
    {
        // Lanes abandoned by a timed-out shutdown may still touch these; leave them to the finalizer then.
        if (!_drained.Task.IsCompleted) return;
        _abort.Dispose();
        _parallel.Dispose();
    }
}

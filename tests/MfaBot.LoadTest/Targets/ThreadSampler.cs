namespace MfaBot.LoadTest.Targets;

/// <summary>
/// The bot's thread count (/proc/&lt;pid&gt;/status Threads) sampled every 100 ms while a row runs. The bot exposes no
/// thread-pool queue length and an EventPipe session would weigh on the run, so starvation is read from its trace: a
/// starved pool injects a thread about every half second, so the process keeps growing threads while blocked work queues.
/// </summary>
public sealed class ThreadSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ThreadSampler(ChildProcess process)
    {
        Before = process.Threads() ?? 0;
        Peak = Before;
        _loop = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                if (process.Threads() is { } n && n > Peak) Peak = n;
                try { await Task.Delay(100, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    public int Before { get; }

    public int Peak { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

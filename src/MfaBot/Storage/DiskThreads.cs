namespace MfaBot.Storage;

/// <summary>
/// A few dedicated threads for disk work that blocks (write, fsync, rename). On a thread-pool thread a slow fsync
/// holds a worker the pool counts as busy; with many turns writing at once the pool (two workers on two cores) starves
/// and every turn waits for it to grow, which is what made the load test's latency tail. Here the waits block only
/// these threads, and callers await.
/// </summary>
public static class DiskThreads
{
    // Enough parallel fsyncs for the file system to batch them; few enough to cost little memory.
    private const int Count = 8;

    // A plain queue under a monitor, not a BlockingCollection: the latter's semaphore spins (sched_yield) before it
    // blocks, and eight idle threads spinning after every write took about 7% of the bot's CPU in a status-turn profile.
    private static readonly Queue<Action> Work = new();
    private static readonly object Gate = new();

    static DiskThreads()
    {
        for (var i = 0; i < Count; i++)
            new Thread(Serve) { IsBackground = true, Name = $"mfabot-disk-{i}" }.Start();
    }

    public static Task RunAsync(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return RunAsync(() =>
        {
            work();
            return true;
        });
    }

    public static Task<T> RunAsync<T>(Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (Gate)
        {
            Work.Enqueue(() =>
            {
                try
                {
                    done.SetResult(work());
                }
                catch (Exception e)
                {
                    done.SetException(e);
                }
            });
            Monitor.Pulse(Gate);
        }
        return done.Task;
    }

    private static void Serve()
    {
        while (true)
        {
            Action item;
            lock (Gate)
            {
                while (Work.Count == 0) Monitor.Wait(Gate);
                item = Work.Dequeue();
            }
            item();
        }
    }
}

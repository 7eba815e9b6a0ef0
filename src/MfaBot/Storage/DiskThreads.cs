using System.Collections.Concurrent;

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

    private static readonly BlockingCollection<Action> Work = Start();

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
        Work.Add(() =>
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
        return done.Task;
    }

    private static BlockingCollection<Action> Start()
    {
        var queue = new BlockingCollection<Action>();
        for (var i = 0; i < Count; i++)
        {
            new Thread(() =>
            {
                foreach (var item in queue.GetConsumingEnumerable()) item();
            })
            { IsBackground = true, Name = $"mfabot-disk-{i}" }.Start();
        }
        return queue;
    }
}

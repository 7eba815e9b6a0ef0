using Microsoft.Data.Sqlite;

namespace MfaBot.Storage.Sqlite;

/// <summary>
/// Group commit for the one SQLite writer: writes that arrive while a commit is being synced to disk wait together and
/// go in the next transaction, one fsync for all of them. Each write runs in a savepoint of its own, so one that fails
/// rolls back alone; each caller's task completes only after the commit that holds its write is on disk. One drainer
/// at a time also means writes never meet SQLite's write lock taken, whose busy handler sleeps up to 100 ms a try
/// (the load test's p99 of 0.4–1.4 s before this queue).
/// </summary>
internal sealed class SqliteWriteQueue(SqliteDatabase database)
{
    private interface IWrite
    {
        bool Synced { get; }

        void Run(SqliteConnection connection, SqliteTransaction transaction);

        void Fail(Exception e);

        void Complete();
    }

    private sealed class Write<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool synced) : IWrite
    {
        public bool Synced => synced;

        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;
        private Exception? _error;

        public Task<T> Task => _done.Task;

        public void Run(SqliteConnection connection, SqliteTransaction transaction) => _result = work(connection, transaction);

        /// <summary>Keeps the write's own error if it had one.</summary>
        public void Fail(Exception e) => _error ??= e;

        public void Complete()
        {
            if (_error is null) _done.SetResult(_result!);
            else _done.SetException(_error);
        }
    }

    private readonly Lock _lock = new();
    private List<IWrite> _pending = [];
    private bool _draining;

    /// <param name="synced">False for a write that may be lost with the machine's power (not with the process): its
    /// commit skips the fsync unless the batch holds a synced write. The next synced commit makes it durable too.</param>
    public Task<T> RunAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool synced)
    {
        var write = new Write<T>(work, synced);
        bool start;
        lock (_lock)
        {
            _pending.Add(write);
            start = !_draining;
            _draining = true;
        }
        if (start) _ = DiskThreads.RunAsync(Drain);
        return write.Task;
    }

    private void Drain()
    {
        while (true)
        {
            List<IWrite> batch;
            lock (_lock)
            {
                if (_pending.Count == 0)
                {
                    _draining = false;
                    return;
                }
                batch = _pending;
                _pending = [];
            }
            Commit(batch);
            foreach (var write in batch) write.Complete();
        }
    }

    private static bool RolledBackTo(SqliteTransaction transaction)
    {
        try
        {
            transaction.Rollback("w");
            transaction.Release("w");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private void Commit(List<IWrite> batch)
    {
        try
        {
            database.Guard(() =>
            {
                using var connection = database.Connect();
                // Set per batch: a pooled connection keeps what the previous batch set.
                SqliteDatabase.Execute(connection, batch.Exists(w => w.Synced) ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL");
                using var transaction = connection.BeginTransaction(deferred: false);
                for (var i = 0; i < batch.Count; i++)
                {
                    transaction.Save("w");
                    try
                    {
                        batch[i].Run(connection, transaction);
                        transaction.Release("w");
                    }
                    catch (Exception e)
                    {
                        var error = database.Translate(e);
                        batch[i].Fail(error);
                        // SQLite ends the whole transaction itself after some errors (a full disk): then nothing is saved.
                        if (connection.State != System.Data.ConnectionState.Open || !RolledBackTo(transaction)) throw error;
                    }
                }
                transaction.Commit();
                return true;
            });
        }
        catch (Exception e)
        {
            // Nothing of the batch was committed (a full disk at COMMIT, say): every write in it failed.
            foreach (var write in batch) write.Fail(e);
        }
    }
}

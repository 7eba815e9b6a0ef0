using Microsoft.Data.Sqlite;

namespace MfaBot.Storage.Sqlite;

/// <summary>
/// The one SQLite file "mfabot.db" under the data folder, opened for one process at a time. Holding
/// "mfabot.db.lock" exclusively for the process's life is what refuses a second bot on the same folder: SQLite's own
/// locks would let two processes share the file, and two bots would then answer the same people twice.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    public const string FileName = "mfabot.db";

    // SQLite's primary result codes for a file that is not a database or is damaged.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    // A write that found no room (disk or max_page_count) or an I/O error of the disk: the transaction was rolled back.
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;

    /// <summary>How long after a failed write <see cref="WriteFailure"/> still reports it.</summary>
    public static readonly TimeSpan WriteFailureMemory = TimeSpan.FromMinutes(1);

    private readonly FileStream? _lock;
    private readonly string _connectionString;
    private readonly string _settings;
    private readonly SqliteWriteQueue _writes;
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> _configured = new();
    private static readonly object Configured = new();
    private long _lastWriteFailure;
    private volatile string? _writeFailure;

    private SqliteDatabase(string path, FileStream? held, int maxMegabytes = 0)
    {
        Path = path;
        _lock = held;
        _writes = new SqliteWriteQueue(this);
        // Per connection, so set on every open: FULL syncs the WAL at each commit, so a committed answer survives power
        // loss. max_page_count is in pages of 4096 bytes, SQLite's default page size.
        _settings = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;" +
            (maxMegabytes > 0 ? $"PRAGMA max_page_count = {maxMegabytes * 256L};" : "");
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = held is null ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWrite,
            Pooling = true,
        }.ToString();
    }

    public string Path { get; }

    /// <summary>
    /// Takes the folder's lock, creates the file (0600) when missing, checks it and sets WAL. Never recreates or
    /// repairs a file it cannot read: the start fails with one line naming it.
    /// </summary>
    /// <param name="maxMegabytes">The most the file may grow to (0: as far as the disk allows); beyond it writes fail as on a full disk.</param>
    /// <exception cref="InvalidOperationException">Another process holds the folder, or the file is damaged or unreadable.</exception>
    public static SqliteDatabase Open(string dataFolder, int maxMegabytes = 0)
    {
        var folder = System.IO.Path.GetFullPath(dataFolder);
        PrivateFiles.CreateFolder(folder);
        var path = System.IO.Path.Combine(folder, FileName);
        var held = Lock(path + ".lock");
        SqliteDatabase? database = null;
        try
        {
            if (!File.Exists(path))
                new FileStream(path, PrivateFiles.Open(FileMode.CreateNew, FileAccess.Write, FileShare.None)).Dispose();
            database = new SqliteDatabase(path, held, maxMegabytes);
            database.Check();
            return database;
        }
        catch
        {
            if (database is null) held.Dispose();
            else database.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The file as it is, read-only and without the folder's lock: for a look at a running bot's state (tests, tools).
    /// Nothing is created, checked or migrated; a write fails.
    /// </summary>
    public static SqliteDatabase OpenReadOnly(string dataFolder) =>
        new(System.IO.Path.Combine(System.IO.Path.GetFullPath(dataFolder), FileName), held: null);

    /// <summary>A pooled connection with this process's per-connection settings applied.</summary>
    public SqliteConnection Connect()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // The pool hands back the same native connection, whose settings persist: apply them once per connection,
            // not on every open (three statements parsed per read showed in a status turn's profile).
            if (connection.Handle is { } handle && !_configured.TryGetValue(handle, out _))
            {
                Execute(connection, _settings);
                _configured.AddOrUpdate(handle, Configured);
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Why writes failed within the last <see cref="WriteFailureMemory"/> (the disk is full, say), or null. A later
    /// successful write does not clear it: a small update can fit in a page that a new row could not.
    /// </summary>
    public string? WriteFailure(DateTimeOffset now) =>
        _writeFailure is { } failure && now.UtcTicks - Interlocked.Read(ref _lastWriteFailure) < WriteFailureMemory.Ticks ? failure : null;

    /// <summary>
    /// Runs <paramref name="work"/>, turning SQLite's corrupt-file errors into the one clear message and a full or
    /// failing disk into <see cref="StorageUnavailableException"/>.
    /// </summary>
    public T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException e)
        {
            throw Translate(e);
        }
    }

    /// <summary>The exception a caller sees for <paramref name="e"/>: SQLite's errors as <see cref="Guard"/> words them, others as they are.</summary>
    public Exception Translate(Exception e)
    {
        if (e is not SqliteException sqlite) return e;
        if (sqlite.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            return new InvalidOperationException(
                $"The state database {Path} is damaged or not an SQLite database ({sqlite.Message.TrimEnd('.')}); it was left as it is and not recreated: restore it from a backup, or move it away to start empty.", sqlite);
        if (sqlite.SqliteErrorCode is SqliteFull or SqliteIoError)
        {
            var reason = sqlite.SqliteErrorCode == SqliteFull
                ? $"The state database {Path} is full: the disk has no room or it reached Storage:MaxDatabaseMegabytes"
                : $"The disk holding the state database {Path} failed a read or write";
            _writeFailure = reason;
            Interlocked.Exchange(ref _lastWriteFailure, DateTimeOffset.UtcNow.UtcTicks);
            return new StorageUnavailableException(reason + "; nothing of this change was saved.", sqlite);
        }
        return new InvalidOperationException($"Could not use the state database {Path}: {sqlite.Message}", sqlite);
    }

    /// <summary>
    /// Runs <paramref name="work"/> in the next group commit (<see cref="SqliteWriteQueue"/>): the task completes once the
    /// transaction holding it is on disk, or fails with <see cref="Translate"/>'s exception and nothing of it saved.
    /// </summary>
    /// <param name="synced">False: committed to the WAL without an fsync of its own (see <see cref="SqliteWriteQueue.RunAsync"/>).</param>
    public Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, T> work, bool synced = true) => _writes.RunAsync(work, synced);

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        // Pooled connections keep the file open; clearing the pool lets a restart in this process reopen it cleanly.
        using (var connection = new SqliteConnection(_connectionString)) SqliteConnection.ClearPool(connection);
        _lock?.Dispose();
    }

    private void Check() => Guard(() =>
    {
        using var connection = Connect();
        // journal_mode is stored in the file: readers never wait for the writer, and a commit is one WAL append.
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL";
            if (wal.ExecuteScalar() is not "wal") throw new InvalidOperationException($"The state database {Path} could not be switched to WAL mode.");
        }
        using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA quick_check";
        if (check.ExecuteScalar() is not "ok")
            throw new SqliteException("quick_check found damage", SqliteCorrupt);
        return true;
    });

    private static FileStream Lock(string lockPath)
    {
        try
        {
            return new FileStream(lockPath, PrivateFiles.Open(FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new InvalidOperationException(
                $"Another MfaBot process is using the data folder {System.IO.Path.GetDirectoryName(lockPath)} (it holds {System.IO.Path.GetFileName(lockPath)}); " +
                "the SQLite store serves one instance: stop the other one, or use Storage:Provider Postgres for several.", e);
        }
    }
}

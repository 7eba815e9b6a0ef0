using MfaBot.Storage;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Support;
using Microsoft.Data.Sqlite;

namespace MfaBot.Tests.Storage;

/// <summary>The same contract as every store, against the embedded SQLite file; then what only SQLite has to keep.</summary>
public sealed class SqliteStateStoreTests : StateStoreContract, IDisposable
{
    private readonly TempFolder _root = new();

    private string DataFolder => Path.Combine(_root.Path, "data");

    private string DatabaseFile => Path.Combine(DataFolder, SqliteDatabase.FileName);

    private SqliteStateStore? _opened;

    // One process holds the file, so every call of a test gets the same store.
    protected override IStateStore CreateStore() => _opened ??= SqliteStateStore.Open(DataFolder);

    public void Dispose()
    {
        _opened?.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task A_reopened_file_keeps_values_and_etags()
    {
        var etag = await Store.PutAsync(P + "enrollment/29:abc", new Doc("before restart", 1), null, Ct);
        _opened!.Dispose();
        _opened = null;

        var got = await Store.GetAsync<Doc>(P + "enrollment/29:abc", Ct);
        Assert.Equal(("before restart", etag), (got!.Value.Name, got.ETag));
    }

    [Fact]
    public void A_second_open_of_the_folder_is_refused_with_a_clear_message_until_the_first_closes()
    {
        _ = Store;
        var e = Assert.Throws<InvalidOperationException>(() => SqliteStateStore.Open(DataFolder));
        Assert.Contains("Another MfaBot process is using the data folder " + DataFolder, e.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:Provider Postgres", e.Message, StringComparison.Ordinal);

        _opened!.Dispose();
        using var again = SqliteStateStore.Open(DataFolder);
    }

    [Fact]
    public async Task The_file_is_private_in_wal_mode_and_connections_sync_fully()
    {
        await Store.PutAsync(P + "a", new Doc("x", 1), null, Ct);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabaseFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabaseFile + "-wal"));
        }
        using var connection = _opened!.Database.Connect();
        Assert.Equal("wal", Pragma(connection, "journal_mode"));
        Assert.Equal(2L, Pragma(connection, "synchronous")); // FULL
        Assert.Equal(1L, Pragma(connection, "foreign_keys"));
        Assert.True((long)Pragma(connection, "busy_timeout") >= 1000);
        Assert.Equal((long)SqliteSchema.Latest, Pragma(connection, "user_version"));
    }

    [Fact]
    public async Task Only_a_commit_of_unsynced_writes_alone_skips_the_fsync_and_the_next_connection_syncs_fully_again()
    {
        _ = Store;
        var database = _opened!.Database;
        static long Level(SqliteConnection c, SqliteTransaction t)
        {
            using var command = c.CreateCommand();
            command.Transaction = t;
            command.CommandText = "PRAGMA synchronous";
            return (long)command.ExecuteScalar()!;
        }

        Assert.Equal(1L, await database.WriteAsync(Level, synced: false)); // NORMAL: the WAL append, no fsync
        Assert.Equal(2L, await database.WriteAsync(Level));

        using var connection = database.Connect();
        Assert.Equal(2L, Pragma(connection, "synchronous"));
    }

    [Fact]
    public async Task Delivery_claims_and_state_both_survive_a_reopen()
    {
        var guard = new MfaBot.Coordination.StoreDuplicateGuard(Store, TimeProvider.System);
        Assert.True(await guard.TryClaimAsync("msteams:act-1", TimeSpan.FromHours(1), Ct));
        await Store.PutAsync(P + "enrollment/29:abc", new Doc("kept", 1), null, Ct);
        _opened!.Dispose();
        _opened = null;

        Assert.False(await new MfaBot.Coordination.StoreDuplicateGuard(Store, TimeProvider.System).TryClaimAsync("msteams:act-1", TimeSpan.FromHours(1), Ct));
        Assert.NotNull(await Store.GetAsync<Doc>(P + "enrollment/29:abc", Ct));
    }

    [Fact]
    public void A_damaged_file_stops_the_open_naming_it_and_is_left_untouched()
    {
        Directory.CreateDirectory(DataFolder);
        var garbage = new byte[8192];
        new Random(7).NextBytes(garbage);
        File.WriteAllBytes(DatabaseFile, garbage);

        var e = Assert.Throws<InvalidOperationException>(() => SqliteStateStore.Open(DataFolder));

        Assert.Contains(DatabaseFile, e.Message, StringComparison.Ordinal);
        Assert.Contains("not recreated", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Equal(garbage, File.ReadAllBytes(DatabaseFile));
        // And the folder is not left locked by the failed open.
        File.Delete(DatabaseFile);
        using var fresh = SqliteStateStore.Open(DataFolder);
    }

    [Fact]
    public void A_schema_newer_than_the_build_is_refused_with_a_clear_message()
    {
        using (var store = SqliteStateStore.Open(DataFolder))
        using (var connection = store.Database.Connect())
            SqliteDatabase.Execute(connection, $"PRAGMA user_version = {SqliteSchema.Latest + 1}");
        var e = Assert.Throws<InvalidOperationException>(() => SqliteStateStore.Open(DataFolder));
        Assert.Contains("newer than this build", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("a", "b")]
    [InlineData("a\U0010FFFF", "b")]
    [InlineData("\U0010FFFF", null)]
    [InlineData("a\uD7FF", "a\uE000")]
    [InlineData("a\uFFFF", "a\U00010000")]
    public void The_end_of_a_prefix_range_is_the_next_code_point(string prefix, string? end)
    {
        Assert.Equal(end, KeyRange.EndOf(prefix));
    }

    private static object Pragma(SqliteConnection connection, string name)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return command.ExecuteScalar()!;
    }
}

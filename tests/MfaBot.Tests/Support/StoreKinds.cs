using MfaBot.Storage;
using MfaBot.Storage.Postgres;
using MfaBot.Storage.Sqlite;
using Npgsql;

namespace MfaBot.Tests.Support;

/// <summary>A fresh, empty store of any kind, for tests of pieces built on <see cref="IStateStore"/>.</summary>
public sealed class StoreKinds : IAsyncDisposable
{
    public static TheoryData<string> All => new() { StorageOptions.SqliteProvider, StorageOptions.FileProvider, StorageOptions.PostgresProvider };

    private readonly TempFolder _folder = new();
    private NpgsqlDataSource? _dataSource;
    private SqliteStateStore? _sqlite;

    /// <summary>
    /// Another handle on the same backing data, like a second instance's. SQLite serves one process, which a second
    /// open refuses, so its one store is handed out again.
    /// </summary>
    public async Task<IStateStore> OpenAsync(string kind)
    {
        if (kind == StorageOptions.SqliteProvider) return _sqlite ??= SqliteStateStore.Open(_folder.Path);
        if (kind == StorageOptions.FileProvider) return new FileStateStore(_folder.Path);
        if (_dataSource is null)
        {
            _dataSource = NpgsqlDataSource.Create(await PostgresTestDatabase.CreateAsync());
            await PostgresSchema.MigrateAsync(_dataSource, CancellationToken.None);
        }
        return new PostgresStateStore(_dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        _sqlite?.Dispose();
        _folder.Dispose();
    }
}

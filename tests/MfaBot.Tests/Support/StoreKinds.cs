using MfaBot.Storage;
using MfaBot.Storage.Postgres;
using Npgsql;

namespace MfaBot.Tests.Support;

/// <summary>A fresh, empty store of either kind, for tests of pieces built on <see cref="IStateStore"/>.</summary>
public sealed class StoreKinds : IAsyncDisposable
{
    public static TheoryData<string> Both => new() { StorageOptions.FileProvider, StorageOptions.PostgresProvider };

    private readonly TempFolder _folder = new();
    private NpgsqlDataSource? _dataSource;

    /// <summary>Another handle on the same backing data, like a second instance's.</summary>
    public async Task<IStateStore> OpenAsync(string kind)
    {
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
        _folder.Dispose();
    }
}

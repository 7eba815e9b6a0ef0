using MfaBot.Storage;
using MfaBot.Storage.Postgres;
using MfaBot.Tests.Support;
using Npgsql;

namespace MfaBot.Tests.Storage;

/// <summary>The same contract as the file store, against a real PostgreSQL server.</summary>
public sealed class PostgresStateStoreTests : StateStoreContract, IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    public async Task InitializeAsync()
    {
        _dataSource = NpgsqlDataSource.Create(await PostgresTestDatabase.SharedAsync());
        await PostgresSchema.MigrateAsync(_dataSource, Ct);
    }

    public async Task DisposeAsync() => await _dataSource.DisposeAsync();

    protected override IStateStore CreateStore() => new PostgresStateStore(_dataSource);

    [Fact]
    public async Task Several_data_sources_on_one_database_lose_no_update()
    {
        // Like several bot instances: each has its own connection pool.
        var sources = Enumerable.Range(0, 3).Select(_ => NpgsqlDataSource.Create(_dataSource.ConnectionString)).ToArray();
        try
        {
            var stores = sources.Select(s => new PostgresStateStore(s)).ToArray();
            await stores[0].PutAsync(P + "hot", new Doc("hot", 0, []), null, Ct);
            await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => AppendWithRetryAsync(stores[i % 3], P + "hot", $"w{i}"), Ct)));
            var final = (await stores[1].GetAsync<Doc>(P + "hot", Ct))!.Value;
            Assert.Equal((60, 60), (final.Count, final.Writers!.Distinct().Count()));
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task Instances_migrating_a_new_database_at_once_apply_each_migration_exactly_once()
    {
        var connectionString = await PostgresTestDatabase.CreateAsync();
        var sources = Enumerable.Range(0, 4).Select(_ => NpgsqlDataSource.Create(connectionString)).ToArray();
        try
        {
            var applied = await Task.WhenAll(sources.Select(s => Task.Run(() => PostgresSchema.MigrateAsync(s, Ct), Ct)));
            Assert.Equal(PostgresSchema.Latest, applied.Sum());
            Assert.Equal(0, await PostgresSchema.MigrateAsync(sources[0], Ct));
            await using var count = sources[0].CreateCommand("SELECT count(*) FROM mfabot_schema_version");
            Assert.Equal((long)PostgresSchema.Latest, await count.ExecuteScalarAsync(Ct));
            var etag = await new PostgresStateStore(sources[1]).PutAsync("k", new Doc("migrated", 1), null, Ct);
            Assert.Equal(etag, (await new PostgresStateStore(sources[2]).GetAsync<Doc>("k", Ct))!.ETag);
        }
        finally
        {
            foreach (var s in sources) await s.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_schema_newer_than_the_build_is_refused_with_a_clear_message()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresTestDatabase.CreateAsync());
        await PostgresSchema.MigrateAsync(source, Ct);
        await using (var bump = source.CreateCommand($"INSERT INTO mfabot_schema_version (version) VALUES ({PostgresSchema.Latest + 1})"))
            await bump.ExecuteNonQueryAsync(Ct);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => PostgresSchema.MigrateAsync(source, Ct));
        Assert.Contains("newer than this build", e.Message, StringComparison.Ordinal);
    }
}

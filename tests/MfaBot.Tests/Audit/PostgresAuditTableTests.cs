using MfaBot.Audit.Table;
using MfaBot.Audit.Table.Postgres;
using MfaBot.Storage.Postgres;
using MfaBot.Tests.Support;
using Npgsql;

namespace MfaBot.Tests.Audit;

/// <summary>The audit table on a database of its own; each writer has its own data source, as separate instances would.</summary>
public sealed class PostgresAuditTableTests : AuditTableContract, IAsyncLifetime
{
    private readonly List<NpgsqlDataSource> _sources = [];
    private string _connectionString = "";

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresTestDatabase.CreateAsync();
        await PostgresSchema.MigrateAsync(Source(), Ct);
    }

    public async Task DisposeAsync()
    {
        foreach (var source in _sources) await source.DisposeAsync();
        await PostgresTestDatabase.DropAsync(_connectionString);
    }

    private NpgsqlDataSource Source()
    {
        var source = NpgsqlDataSource.Create(_connectionString);
        _sources.Add(source);
        return source;
    }

    protected override Task<IAuditTable> TableAsync() => Task.FromResult<IAuditTable>(new PostgresAuditTable(Source()));

    protected override Task TamperAsync(string sql) => ExecuteAsync("ALTER TABLE mfabot_audit DISABLE TRIGGER USER; " + sql);

    protected override async Task ExecuteAsync(string sql)
    {
        await using var command = _sources[0].CreateCommand(sql);
        await command.ExecuteNonQueryAsync(Ct);
    }

    [Fact]
    public async Task The_table_refuses_truncate()
    {
        await TableAsync();
        var e = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync("TRUNCATE mfabot_audit"));
        Assert.Contains("append-only", e.MessageText, StringComparison.Ordinal);
    }
}

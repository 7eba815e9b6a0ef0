using MfaBot.Storage.Postgres;
using MfaBot.Storage.Sqlite;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MfaBot.Storage;

/// <summary>
/// Runs before the server takes requests: builds the store (so a bad setting, a damaged SQLite file or a data folder
/// in use stops the start; SQLite migrates and imports as it opens) and brings a PostgreSQL schema up to date. An unreachable database stops the start with a message naming the setting.
/// </summary>
internal sealed partial class StateStoreStartup(IStateStore store, IServiceProvider services, ILogger<StateStoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (store is SqliteStateStore sqlite) LogSqlite(logger, sqlite.DatabasePath, SqliteSchema.Latest, sqlite.Imported, sqlite.ImportedAuditEvents);
        if (store is not PostgresStateStore) return;
        try
        {
            var applied = await PostgresSchema.MigrateAsync(services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);
            LogSchema(logger, PostgresSchema.Latest, applied);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new InvalidOperationException($"Could not prepare the PostgreSQL database named by Storage:ConnectionString: {e.Message}", e);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite state store {Path} ready at schema version {Version} ({Imported} record(s) of the former file store and {AuditEvents} former .jsonl audit event(s) imported now)")]
    private static partial void LogSqlite(ILogger logger, string path, int version, int imported, int auditEvents);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL state store ready at schema version {Version} ({Applied} migration(s) applied now)")]
    private static partial void LogSchema(ILogger logger, int version, int applied);
}

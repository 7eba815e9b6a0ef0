using MfaBot.Storage.Postgres;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace MfaBot.Storage;

/// <summary>
/// Runs before the server takes requests: builds the store (so a bad setting stops the start) and brings a
/// PostgreSQL schema up to date. An unreachable database stops the start with a message naming the setting.
/// </summary>
internal sealed partial class StateStoreStartup(IStateStore store, IServiceProvider services, ILogger<StateStoreStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL state store ready at schema version {Version} ({Applied} migration(s) applied now)")]
    private static partial void LogSchema(ILogger logger, int version, int applied);
}

using MfaBot.Storage.Postgres;
using MfaBot.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Microsoft.Extensions.Options;

namespace MfaBot.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IStateStore"/> as chosen by "Storage:Provider" ("Sqlite" by default, "Postgres" with
    /// "Storage:ConnectionString", or "File"), and a start-up step that creates or migrates the database schema.
    /// </summary>
    /// <param name="configuration">The root configuration (reads section "Storage").</param>
    public static IServiceCollection AddStateStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStorageOptions(configuration);
        services.TryAddSingleton<IStateStore>(sp =>
        {
            // Reading Value runs the validator, so an unknown provider fails here with its reason.
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider.ToUpperInvariant() switch
            {
                "SQLITE" => SqliteStateStore.Open(options.FullDataFolder, options.MaxDatabaseMegabytes),
                "FILE" => new FileStateStore(options.FullDataFolder),
                "POSTGRES" => new PostgresStateStore(sp.GetRequiredService<NpgsqlDataSource>()),
                _ => throw new InvalidOperationException($"Storage provider '{options.Provider}' is not available."),
            };
        });
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value.ConnectionString));
        services.AddHostedService<StateStoreStartup>();
        return services;
    }

    /// <summary>Binds and validates section "Storage" once, however many concerns need the data folder.</summary>
    public static IServiceCollection AddStorageOptions(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<StorageOptions>))) return services;
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Leases over the registered <see cref="Storage.IStateStore"/> and, with a shared database, the store-backed
    /// duplicate guard: what lets any number of instances share one database. Register before the channels, whose
    /// in-memory guard is only the fallback.
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<CoordinationOptions>, CoordinationOptionsValidator>();
        services.AddOptions<CoordinationOptions>().Bind(configuration.GetSection(CoordinationOptions.Section)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InstanceIdentity>();
        services.TryAddSingleton<ILeaseManager, StoreLeaseManager>();
        // A database keeps every delivery's claim, at the cost of one write per delivery: a shared one for every instance
        // to see, and SQLite so that a redelivery after a restart gets no second answer. Only the former file store keeps
        // the in-memory guard (registered by the channels).
        if ((configuration.GetSection(Storage.StorageOptions.Section).Get<Storage.StorageOptions>() ?? new Storage.StorageOptions()).IsDatabase)
        {
            services.TryAddSingleton<StoreDuplicateGuard>();
            services.TryAddSingleton<IDuplicateGuard>(sp => sp.GetRequiredService<StoreDuplicateGuard>());
            services.AddExpiringRecords(StoreDuplicateGuard.Prefix);
        }
        return services;
    }
}

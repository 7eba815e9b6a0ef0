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
        // A file store serves one instance, whose in-memory guard (registered by the channels) is enough; a shared
        // database needs the guard every instance sees, at the cost of one write per delivery.
        if (configuration.GetSection(Storage.StorageOptions.Section).Get<Storage.StorageOptions>()?.IsPostgres == true)
        {
            services.TryAddSingleton<StoreDuplicateGuard>();
            services.TryAddSingleton<IDuplicateGuard>(sp => sp.GetRequiredService<StoreDuplicateGuard>());
            services.AddExpiringRecords(StoreDuplicateGuard.Prefix);
        }
        return services;
    }
}

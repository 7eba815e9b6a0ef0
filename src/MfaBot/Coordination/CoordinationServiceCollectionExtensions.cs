using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

public static class CoordinationServiceCollectionExtensions
{
    /// <summary>
    /// Leases and the duplicate guard over the registered <see cref="Storage.IStateStore"/>: what lets any number
    /// of instances share one database. Register before the channels so theirs replaces the in-memory guard.
    /// </summary>
    public static IServiceCollection AddCoordination(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IValidateOptions<CoordinationOptions>, CoordinationOptionsValidator>();
        services.AddOptions<CoordinationOptions>().Bind(configuration.GetSection(CoordinationOptions.Section)).ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<InstanceIdentity>();
        services.TryAddSingleton<ILeaseManager, StoreLeaseManager>();
        services.TryAddSingleton<StoreDuplicateGuard>();
        services.TryAddSingleton<IDuplicateGuard>(sp => sp.GetRequiredService<StoreDuplicateGuard>());
        services.AddHostedService<DuplicateGuardJanitor>();
        return services;
    }
}

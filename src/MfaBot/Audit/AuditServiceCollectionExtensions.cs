using MfaBot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MfaBot.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IAuditTrail"/> writing JSON lines under "&lt;Storage:DataFolder&gt;/audit".</summary>
    /// <param name="configuration">The root configuration (reads section "Storage").</param>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLogging();
        services.AddStorageOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditTrail, JsonLinesAuditTrail>();
        return services;
    }
}

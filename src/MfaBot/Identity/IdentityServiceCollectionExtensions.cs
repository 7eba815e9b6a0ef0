using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Identity;

public static class IdentityServiceCollectionExtensions
{
    public static IServiceCollection AddIdentityMapping(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<IdentityOptions>().Bind(configuration.GetSection(IdentityOptions.Section))
            .Validate(o => o.Strategy != IdentityStrategy.Table || o.Table.Count > 0, "Identity:Table must list at least one email when Identity:Strategy is Table.")
            .Validate(o => o.Strategy != IdentityStrategy.Tag || !string.IsNullOrWhiteSpace(o.TagKey), "Identity:TagKey is required when Identity:Strategy is Tag.")
            .Validate(o => o.LookupLifetime >= TimeSpan.Zero, "Identity:LookupLifetime must be a duration of 0 or more, e.g. 00:05:00 (0 looks up on every turn).")
            .ValidateOnStart();
        services.AddSingleton<LookupCache>();
        services.AddSingleton<UserTagIndex>();
        services.AddSingleton<IdentityMapper>();
        return services;
    }
}

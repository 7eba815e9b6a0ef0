using MfaBot.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Enforcement;

public static class EnforcementServiceCollectionExtensions
{
    /// <summary>The enforcement group setting and <see cref="MfaEnforcer"/>, used by enrollment, resets and campaigns.</summary>
    public static IServiceCollection AddEnforcement(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EnforcementOptions>().Bind(configuration.GetSection(EnforcementOptions.Section)).ValidateAnnotations(EnforcementOptions.Section).ValidateOnStart();
        services.AddSingleton<MfaEnforcer>();
        return services;
    }
}

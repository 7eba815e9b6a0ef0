using Amazon;
using MfaBot.Coverage;
using MfaBot.Operability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Iam;

public static class IamServiceCollectionExtensions
{
    /// <summary>Name of the HttpClient that carries IAM calls (retry → SigV4 → sockets).</summary>
    public const string HttpClientName = "MfaBot.Iam";

    /// <summary>Registers <see cref="IIamGateway"/>, bound to the "Iam" configuration section and validated at start.</summary>
    public static IServiceCollection AddIamGateway(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<IamOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IamOptions>, IamOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IamClockSkew>();
        services.TryAddSingleton(sp => new IamRetryQuota(sp.GetRequiredService<IOptions<IamOptions>>().Value.RetryQuota));
        services.AddMfaBotMetrics();
        services.TryAddSingleton<IamCredentialSource>();
        services.TryAddSingleton<ICredentialReportReader, IamCredentialReportReader>();
        services.AddHttpClient<IIamGateway, QueryApiIamGateway>(HttpClientName, (sp, client) =>
            {
                // Attempts are timed by the retry handler; this only backstops the whole call.
                client.Timeout = sp.GetRequiredService<IOptions<IamOptions>>().Value.LongestCall();
            })
            // Redirects would be followed below the signer with a stale signature: IAM never redirects.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .AddHttpMessageHandler(sp => new IamRetryHandler(sp.GetRequiredService<IOptions<IamOptions>>(),
                sp.GetRequiredService<IamClockSkew>(), sp.GetRequiredService<IamRetryQuota>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<IamRetryHandler>>()))
            .AddHttpMessageHandler(sp => new IamSigningHandler(sp.GetRequiredService<IamCredentialSource>(),
                RegionEndpoint.GetBySystemName(IamPartitions.Resolve(sp.GetRequiredService<IOptions<IamOptions>>().Value).SigningRegion),
                sp.GetRequiredService<IamClockSkew>()))
            // PooledConnectionLifetime already refreshes DNS; keeping one handler chain avoids rebuilding it.
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        return services;
    }
}

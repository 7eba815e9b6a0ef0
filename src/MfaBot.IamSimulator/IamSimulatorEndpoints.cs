using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.IamSimulator;

public static class IamSimulatorEndpoints
{
    /// <summary>Registers the simulator, bound to the given configuration section.</summary>
    public static IServiceCollection AddIamSimulator(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<IamSimulatorOptions>().Bind(section);
        return services;
    }

    /// <summary>Serves the IAM Query API at <paramref name="prefix"/> (e.g. "/" or "/_iam").</summary>
    public static IEndpointConventionBuilder MapIamSimulator(this IEndpointRouteBuilder endpoints, string prefix = "/")
    {
        // TODO(issue 2): the Query API. Placeholder so dependants compile.
        return endpoints.MapPost(prefix, () => Results.StatusCode(501));
    }
}

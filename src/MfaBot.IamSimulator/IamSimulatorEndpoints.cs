using MfaBot.IamSimulator.Actions;
using MfaBot.IamSimulator.Auth;
using MfaBot.IamSimulator.Faults;
using MfaBot.IamSimulator.Kms;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator;

public static class IamSimulatorEndpoints
{
    /// <summary>Registers the simulator, bound to the given configuration section.</summary>
    public static IServiceCollection AddIamSimulator(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<IamSimulatorOptions>().Bind(section)
            .Validate(o => o.CodeWindowSteps is >= 1 and <= 20, "IamSimulator:CodeWindowSteps must be 1..20.")
            .Validate(o => o.ResyncWindowSteps is >= 1 and <= 120, "IamSimulator:ResyncWindowSteps must be 1..120.")
            .Validate(o => o.JournalCompactionBytes is >= 4096 and <= 1L << 30, "IamSimulator:JournalCompactionBytes must be 4096..1073741824.")
            .Validate(o => o.CredentialReportMaxAge >= TimeSpan.Zero && o.CredentialReportMaxAge <= TimeSpan.FromDays(1),
                "IamSimulator:CredentialReportMaxAge must be between 00:00:00 and 1.00:00:00.")
            .Validate(o => o.DeniedActions.All(ActionRegistry.Serves),
                "IamSimulator:DeniedActions must list IAM operation names the simulator serves, e.g. GetCredentialReport.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StateStore>();
        services.AddSingleton(sp => sp.GetRequiredService<StateStore>().Load());
        services.AddSingleton<StatePersister>();
        services.AddSingleton<SigV4Verifier>();
        services.AddSingleton<ActionPolicy>();
        services.AddSingleton<IValidateOptions<IamSimulatorOptions>, FaultSettingsValidator>();
        services.AddSingleton<FaultCounters>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<ActionRegistry>();
        services.AddSingleton<QueryPipeline>();
        services.AddSingleton<KmsPipeline>();
        return services;
    }

    /// <summary>
    /// Serves the IAM Query API at <paramref name="prefix"/> (e.g. "/" or "/_iam"), with or without a trailing slash,
    /// and KMS (JSON 1.1, told apart by its X-Amz-Target header) at the same URL.
    /// </summary>
    public static IEndpointConventionBuilder MapIamSimulator(this IEndpointRouteBuilder endpoints, string prefix = "/")
    {
        // Load the state now: a damaged state file stops the start instead of failing every request.
        endpoints.ServiceProvider.GetRequiredService<IamAccount>();
        var pattern = "/" + prefix.Trim('/');
        endpoints.MapFaultControl(pattern);
        // Every method reaches the pipeline so that a wrong one gets an IAM error rather than a bare 405.
        return endpoints.Map(pattern, (HttpContext http) => KmsPipeline.IsKmsCall(http.Request)
                ? http.RequestServices.GetRequiredService<KmsPipeline>().HandleAsync(http)
                : http.RequestServices.GetRequiredService<QueryPipeline>().HandleAsync(http))
            .WithDisplayName("IAM and KMS simulator");
    }
}

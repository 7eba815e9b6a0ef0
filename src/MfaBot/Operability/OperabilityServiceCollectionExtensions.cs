using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using MfaBot.Channels.BotFramework.Auth;
using MfaBot.Coordination;
using MfaBot.Secrets;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.Operability;

public static class OperabilityServiceCollectionExtensions
{
    private const string Ready = "ready";
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Health checks, the bot's meter, and OpenTelemetry export over OTLP when "OpenTelemetry:OtlpEndpoint" (or the
    /// standard OTEL_EXPORTER_OTLP_ENDPOINT) is set. Without an endpoint nothing is exported.
    /// </summary>
    public static WebApplicationBuilder AddOperability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        // Our clients log their own outcomes (ids, error codes, counts). The factory's logging handlers would add a
        // scope and two log calls to every request, and put request URLs in the log.
        services.ConfigureHttpClientDefaults(http => http.RemoveAllLoggers());
        services.AddMfaBotMetrics();
        services.AddOptions<OperabilityOptions>().Bind(builder.Configuration.GetSection(OperabilityOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OperabilityOptions>, OperabilityOptionsValidator>());
        services.AddSingleton<IamReadinessCheck>();
        var checks = services.AddHealthChecks()
            .AddCheck<StoreReadinessCheck>("store", HealthStatus.Unhealthy, [Ready], CheckTimeout)
            .AddCheck<IamReadinessCheck>("iam", HealthStatus.Unhealthy, [Ready], CheckTimeout);
        if (!string.IsNullOrEmpty(builder.Configuration[$"{SecretProtectionOptions.Section}:{nameof(SecretProtectionOptions.KmsKeyId)}"]))
        {
            services.AddSingleton<KmsReadinessCheck>();
            checks.AddCheck<KmsReadinessCheck>("kms", HealthStatus.Unhealthy, [Ready], CheckTimeout);
        }

        var telemetry = TelemetryOptions.From(builder.Configuration);
        if (telemetry.OtlpEndpoint is not null) AddOtlpExport(services, telemetry, telemetry.OtlpEndpoint);
        return builder;
    }

    // A method of its own, never inlined: compiling AddOperability would otherwise load OpenTelemetry's SDK and hosting
    // assemblies at every start, though by default nothing is exported.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddOtlpExport(IServiceCollection services, TelemetryOptions telemetry, Uri endpoint) =>
        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(telemetry.ServiceName))
            .WithTracing(t => t.AddSource(MfaBotMetrics.Name).AddAspNetCoreInstrumentation(TraceRedaction.Server).AddHttpClientInstrumentation(TraceRedaction.Client))
            .WithMetrics(m => m.AddMeter(MfaBotMetrics.Name).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
            .UseOtlpExporter(telemetry.Protocol, endpoint);

    /// <summary>The "MfaBot" meter's instruments; any concern that records measurements registers it (idempotent).</summary>
    public static IServiceCollection AddMfaBotMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<MfaBotMetrics>();
        return services;
    }

    /// <summary>
    /// /healthz: the process serves. /readyz: the store, IAM and (when configured) KMS answer (503 otherwise); the
    /// failing check is named only to callers that may see details (<see cref="OperabilityOptions.ReadinessDetails"/>).
    /// </summary>
    public static WebApplication MapOperability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(Ready), ResponseWriter = WriteReportAsync });
        return app;
    }

    // Names and short reasons only: no exception text, which could carry a host name or a connection detail.
    private static Task WriteReportAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        if (!MayShowDetails(context)) return context.Response.WriteAsync(JsonSerializer.Serialize(new { status = report.Status.ToString() }));
        var body = new
        {
            status = report.Status.ToString(),
            instance = context.RequestServices.GetRequiredService<InstanceIdentity>().Id,
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }

    /// <summary>Decided from the connection's own address; forwarded-for headers are the caller's word, not evidence.</summary>
    private static bool MayShowDetails(HttpContext context)
    {
        var mode = context.RequestServices.GetRequiredService<IOptions<OperabilityOptions>>().Value.ReadinessDetails;
        return mode.Equals(OperabilityOptions.Always, StringComparison.OrdinalIgnoreCase)
            || (!mode.Equals(OperabilityOptions.Never, StringComparison.OrdinalIgnoreCase) && LoopbackPolicy.IsLoopbackCaller(context.Connection));
    }
}

using System.Text.Json;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MfaBot.Operability;

/// <summary>The state store answers a read (a real round trip to the database or the disk).</summary>
internal sealed class StoreReadinessCheck(IStateStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await store.GetAsync<JsonElement>("health/probe", cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The state store did not answer: " + e.GetType().Name);
        }
    }
}

/// <summary>
/// IAM answers a signed call (GetUser of the bot's own identity). Role credentials cannot call GetUser without a
/// user name, and IAM says so with ValidationError only after it accepted the signature: that counts as reachable.
/// The answer is kept for a while so that probes from every instance do not eat into IAM's account-wide rate.
/// </summary>
internal sealed class IamReadinessCheck(IIamGateway iam, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);
    private sealed record Answer(DateTimeOffset At, HealthCheckResult Result);

    private volatile Answer? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (_last is { } last && clock.GetUtcNow() - last.At < Keep) return last.Result;
        HealthCheckResult result;
        try
        {
            await iam.GetUserAsync(null, cancellationToken);
            result = HealthCheckResult.Healthy();
        }
        catch (IamException e) when (e.Code == "ValidationError")
        {
            result = HealthCheckResult.Healthy("Reachable with role credentials.");
        }
        catch (IamException e)
        {
            result = HealthCheckResult.Unhealthy("IAM did not accept a call: " + e.Code);
        }
        _last = new Answer(clock.GetUtcNow(), result);
        return result;
    }
}

using System.Text.Json;
using MfaBot.Iam;
using MfaBot.Secrets;
using MfaBot.Secrets.Kms;
using MfaBot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MfaBot.Operability;

/// <summary>
/// The state store answers a read (a real round trip to the database or the disk), and its writes have not failed
/// lately: a full disk still serves reads, but no one can enroll.
/// </summary>
internal sealed class StoreReadinessCheck(IStateStore store, TimeProvider clock) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (store is IWriteHealth health && health.WriteFailure(clock.GetUtcNow()) is { } failure)
            return HealthCheckResult.Unhealthy(failure + ".");
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
/// A check whose answer is kept for a while, so that probes from every instance do not eat into an AWS account's
/// request rates.
/// </summary>
internal abstract class CachedReadinessCheck(TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Keep = TimeSpan.FromSeconds(30);
    private sealed record Answer(DateTimeOffset At, HealthCheckResult Result);

    private volatile Answer? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        if (_last is { } last && clock.GetUtcNow() - last.At < Keep) return last.Result;
        var result = await ProbeAsync(cancellationToken);
        _last = new Answer(clock.GetUtcNow(), result);
        return result;
    }

    protected abstract Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>
/// IAM answers a signed call (GetUser of the bot's own identity). Role credentials cannot call GetUser without a
/// user name, and IAM says so with ValidationError only after it accepted the signature: that counts as reachable.
/// </summary>
internal sealed class IamReadinessCheck(IIamGateway iam, TimeProvider clock) : CachedReadinessCheck(clock)
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await iam.GetUserAsync(null, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (IamException e) when (e.Code == "ValidationError")
        {
            return HealthCheckResult.Healthy("Reachable with role credentials.");
        }
        catch (IamException e)
        {
            return HealthCheckResult.Unhealthy("IAM did not accept a call: " + e.Code);
        }
    }
}

/// <summary>KMS describes Secrets:KmsKeyId as Enabled: without it no seed can be sealed or opened.</summary>
internal sealed class KmsReadinessCheck(KmsClientSource kms, IOptions<SecretProtectionOptions> options, TimeProvider clock) : CachedReadinessCheck(clock)
{
    protected override async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var problem = await KmsStartCheck.ProblemWithKeyAsync(kms, options.Value.KmsTimeout, cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("The KMS key is not enabled.");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("KMS did not accept a call: " + KmsClientSource.Describe(e));
        }
    }
}

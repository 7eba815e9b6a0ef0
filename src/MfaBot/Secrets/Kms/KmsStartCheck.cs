using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets.Kms;

/// <summary>
/// At start, asks KMS about Secrets:KmsKeyId (DescribeKey, bounded by KmsTimeout) and fetches the first data key.
/// A key KMS says is missing, disabled or off-limits stops the start with one line naming the setting: that is a
/// configuration error no retry fixes. KMS not answering (network, timeout, credentials not found yet) does not: the
/// bot starts and /readyz reports "kms" unhealthy until KMS answers. It runs once the server listens (StartedAsync),
/// so a KmsServiceUrl served by this very process (the embedded simulator at /_iam/) is reachable too.
/// </summary>
public sealed class KmsStartCheck(KmsClientSource kms, KmsDataKeys dataKeys, IOptions<SecretProtectionOptions> options, ILogger<KmsStartCheck> logger)
    : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        string? refusal;
        try
        {
            refusal = await ProblemWithKeyAsync(kms, options.Value.KmsTimeout, cancellationToken);
            if (refusal is null) await dataKeys.WarmAsync();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            var cause = e is SecretUnavailableException { InnerException: { } inner } ? inner : e;
            refusal = Refusal(cause);
            if (refusal is null)
            {
                KmsLog.UnreachableAtStart(logger, kms.KeyId, KmsClientSource.Describe(cause));
                return;
            }
        }
        if (refusal is not null)
            throw new OptionsValidationException(SecretProtectionOptions.Section, typeof(SecretProtectionOptions), [refusal]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Null when the key is usable; else the one line that says why not. Throws when KMS does not answer.</summary>
    internal static async Task<string?> ProblemWithKeyAsync(KmsClientSource kms, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        var client = await kms.GetAsync(bounded.Token);
        var reply = await client.DescribeKeyAsync(new DescribeKeyRequest { KeyId = kms.KeyId }, bounded.Token);
        var state = reply.KeyMetadata.KeyState;
        return state == KeyState.Enabled ? null
            : $"Secrets:KmsKeyId '{kms.KeyId}' names a KMS key that is {state}; it must be Enabled.";
    }

    // What KMS says about the key itself, as opposed to not answering. Key ids are not secret.
    private string? Refusal(Exception e) => (e as AmazonKeyManagementServiceException)?.ErrorCode switch
    {
        "NotFoundException" => $"Secrets:KmsKeyId '{kms.KeyId}' does not name a KMS key in {kms.Region} that these credentials can see (NotFoundException).",
        "DisabledException" or "KMSInvalidStateException" => $"Secrets:KmsKeyId '{kms.KeyId}' names a KMS key that is not enabled.",
        "AccessDeniedException" => $"Secrets:KmsKeyId '{kms.KeyId}': the key policy does not let the bot use it (AccessDeniedException); see deploy/aws/mfabot-kms-key-policy.json.",
        "InvalidArnException" => $"Secrets:KmsKeyId '{kms.KeyId}' is not a valid KMS key ARN.",
        _ => null,
    };
}

using Amazon;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using MfaBot.Iam;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets.Kms;

/// <summary>
/// The KMS client, signed with the same credentials as IAM calls (<see cref="IamCredentialSource"/>: static keys for a
/// simulator, else the default chain), built once those are resolved. The region is the key ARN's, else
/// Secrets:KmsRegion, else Iam's signing region, so an ARN alone is enough in production.
/// </summary>
public sealed class KmsClientSource(IamCredentialSource credentials, IOptions<SecretProtectionOptions> secrets, IOptions<IamOptions> iam) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AmazonKeyManagementServiceClient? _client;

    public string KeyId => secrets.Value.KmsKeyId!;

    public string Region => RegionOf(secrets.Value, iam.Value);

    internal static string RegionOf(SecretProtectionOptions secrets, IamOptions iam)
    {
        // arn:partition:kms:region:account:key/… — the fourth field.
        var arn = secrets.KmsKeyId?.Split(':');
        if (arn is { Length: 6 } && arn[0] == "arn") return arn[3];
        return secrets.KmsRegion is { Length: > 0 } region ? region : IamPartitions.Resolve(iam).SigningRegion;
    }

    public async ValueTask<IAmazonKeyManagementService> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _client) is { } ready) return ready;
        var resolved = await credentials.GetAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _client ??= new AmazonKeyManagementServiceClient(resolved, Config());
        }
        finally
        {
            _gate.Release();
        }
    }

    private AmazonKeyManagementServiceConfig Config()
    {
        var o = secrets.Value;
        // One attempt is bounded by the timeout below and retries stay inside KmsTimeout's overall budget (callers cancel).
        var config = new AmazonKeyManagementServiceConfig { Timeout = o.KmsTimeout, MaxErrorRetry = 2 };
        if (o.KmsServiceUrl is { Length: > 0 } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        return config;
    }

    /// <summary>A failure named for a log line or a health report: the AWS error code or the exception type, never its text.</summary>
    public static string Describe(Exception e) => e switch
    {
        AmazonServiceException { ErrorCode: { Length: > 0 } code } => code,
        IamException iam => iam.Code,
        OperationCanceledException => "timed out",
        _ => e.GetType().Name,
    };

    public void Dispose()
    {
        _client?.Dispose();
        _gate.Dispose();
    }
}

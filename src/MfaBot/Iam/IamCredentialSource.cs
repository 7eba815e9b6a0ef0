using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Microsoft.Extensions.Options;

namespace MfaBot.Iam;

/// <summary>
/// The AWS credentials requests are signed with: the configured static keys, or else the AWS default chain
/// (environment, profile, SSO, web identity, container and instance roles), resolved once on first use.
/// The resolved object is kept: temporary credentials from the chain (RefreshingAWSCredentials) renew themselves
/// whenever the signer asks them for keys, so one instance serves the life of the process.
/// </summary>
public sealed class IamCredentialSource : IDisposable
{
    private readonly TimeSpan _timeout;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly DefaultAWSCredentialsIdentityResolver _resolver = new();
    private AWSCredentials? _credentials;

    public IamCredentialSource(IOptions<IamOptions> options)
    {
        var o = options.Value;
        _timeout = o.CredentialsTimeout;
        if (!string.IsNullOrEmpty(o.AccessKeyId) && !string.IsNullOrEmpty(o.SecretAccessKey))
        {
            _credentials = new BasicAWSCredentials(o.AccessKeyId, o.SecretAccessKey);
        }
    }

    public async ValueTask<AWSCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _credentials) is { } ready) return ready;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_credentials is { } resolved) return resolved;
            // With nothing configured the chain ends by probing instance metadata, which can hang off EC2: bound it.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_timeout);
            try
            {
                // No client config: the chain then reads the environment and shared config files on its own.
                var found = await _resolver.ResolveIdentityAsync(null!, timeout.Token);
                Volatile.Write(ref _credentials, found);
                return found;
            }
            catch (Exception e) when (e is AmazonClientException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                throw new IamException("(credentials)", IamErrorCodes.CredentialsUnavailable,
                    $"No AWS credentials were found within {_timeout.TotalSeconds:0.#} s: set Iam:AccessKeyId/SecretAccessKey " +
                    "for a simulator, or configure the default chain (environment, profile, SSO, web identity, role).", null, null, e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Dispose();
        _resolver.Dispose();
    }
}

using Amazon;
using Amazon.Runtime.Signing;

namespace MfaBot.Iam;

/// <summary>
/// Signs each attempt with SigV4 for service "iam".
/// Why not AWSSDK.Core's SigV4SigningHandler: it signs with the SDK's clock, whose only public correction is the
/// process-wide AWSConfigs.ManualClockCorrection (the per-endpoint setter is internal). A global offset would
/// re-time every other AWS client in the process, so this handler calls the same public signer
/// (AWSSigV4Signer, which that handler fronts) with an explicit SignedAt from <see cref="IamClockSkew"/>. It also
/// hashes the form bytes it already holds instead of re-buffering the content.
/// </summary>
public sealed class IamSigningHandler(IamCredentialSource credentials, RegionEndpoint region, IamClockSkew clock)
    : DelegatingHandler
{
    private const string Service = "iam";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content switch
        {
            IamFormContent form => form.Body,
            null => [],
            var other => await other.ReadAsByteArrayAsync(cancellationToken),
        };
        var signing = new AWSSigningRequest { HttpMethod = request.Method, RequestUri = request.RequestUri, Content = body };
        if (request.Content?.Headers.ContentType is { } contentType) signing.Headers["content-type"] = contentType.ToString();
        var parameters = new AWSSigV4Parameters
        {
            Credentials = await credentials.GetAsync(cancellationToken),
            Region = region,
            Service = Service,
            SignedAt = clock.CorrectedUtcNow,
        };
        var signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken);
        foreach (var (name, value) in signed.Headers)
        {
            // A retry re-enters here with the previous attempt's headers still on the message.
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await base.SendAsync(request, cancellationToken);
    }
}

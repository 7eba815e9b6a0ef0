using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MfaBot.IamSimulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Auth;

/// <summary>
/// Checks AWS Signature Version 4 on a request against the configured access keys, as IAM and KMS do; the credential
/// scope must name the service the request is for ("iam" or "kms"), so a signature made for one is refused by the other.
/// </summary>
public sealed class SigV4Verifier(IOptions<IamSimulatorOptions> options)
{
    public const string Service = "iam";
    private const string DateFormat = "yyyyMMdd'T'HHmmss'Z'";
    private static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(15);

    public Caller Verify(HttpRequest request, byte[] body, DateTimeOffset now, string service = Service)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.Length == 0) throw IamException.MissingAuthenticationToken();
        var auth = AuthorizationHeader.Parse(header);
        var amzDate = ParseDate(request);
        CheckClock(amzDate, now);

        var key = options.Value.AccessKeys.FirstOrDefault(k => k.AccessKeyId == auth.AccessKeyId) ?? throw IamException.InvalidClientTokenId();
        CheckScope(auth, amzDate, service);
        if (!auth.SignedHeaders.Contains("host"))
            throw IamException.SignatureDoesNotMatch("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        if (request.Headers.ContainsKey("x-amz-security-token") && !auth.SignedHeaders.Contains("x-amz-security-token"))
            throw IamException.SignatureDoesNotMatch("'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");

        var payloadHash = Convert.ToHexStringLower(SHA256.HashData(body));
        var declared = request.Headers["x-amz-content-sha256"].ToString();
        if (declared.Length > 0 && declared != payloadHash)
            throw IamException.SignatureDoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed.");

        var canonical = CanonicalRequest.Build(request, auth.SignedHeaders, payloadHash);
        var stringToSign = string.Join('\n',
            AuthorizationHeader.Algorithm,
            amzDate.ToString(DateFormat, CultureInfo.InvariantCulture),
            auth.Scope,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))));
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(SigningKey(key.SecretAccessKey, auth), Encoding.UTF8.GetBytes(stringToSign)));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(auth.Signature)))
        {
            throw IamException.SignatureDoesNotMatch(
                "The request signature we calculated does not match the signature you provided. " +
                "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
        }
        return new Caller(key.AccessKeyId, key.UserName.Length == 0 ? null : key.UserName);
    }

    private static DateTimeOffset ParseDate(HttpRequest request)
    {
        var amz = request.Headers["x-amz-date"].ToString();
        if (amz.Length > 0 && DateTimeOffset.TryParseExact(amz, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            return parsed;
        var date = request.Headers.Date.ToString();
        if (amz.Length == 0 && date.Length > 0 && DateTimeOffset.TryParseExact(date, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out parsed))
            return parsed;
        throw IamException.IncompleteSignature("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    /// <summary>AWS's wording, which SDKs look for to correct their clock from the reply's Date header.</summary>
    private static void CheckClock(DateTimeOffset signed, DateTimeOffset now)
    {
        string F(DateTimeOffset t) => t.UtcDateTime.ToString(DateFormat, CultureInfo.InvariantCulture);
        if (signed < now - MaxSkew)
            throw IamException.SignatureDoesNotMatch($"Signature expired: {F(signed)} is now earlier than {F(now - MaxSkew)} ({F(now)} - 15 min.)");
        if (signed > now + MaxSkew)
            throw IamException.SignatureDoesNotMatch($"Signature not yet current: {F(signed)} is still later than {F(now + MaxSkew)} ({F(now)} + 15 min.)");
    }

    private void CheckScope(AuthorizationHeader auth, DateTimeOffset amzDate, string service)
    {
        if (auth.ScopeDate != amzDate.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture))
            throw IamException.SignatureDoesNotMatch($"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{auth.ScopeDate}'");
        if (auth.Region != options.Value.Region)
            throw IamException.SignatureDoesNotMatch($"Credential should be scoped to a valid region, not '{auth.Region}'. ");
        if (auth.Service != service)
            throw IamException.SignatureDoesNotMatch($"Credential should be scoped to correct service: '{service}'. ");
        if (auth.Terminator != "aws4_request")
            throw IamException.SignatureDoesNotMatch($"Credential should be scoped with a valid terminator: 'aws4_request', not '{auth.Terminator}'. ");
    }

    private static byte[] SigningKey(string secret, AuthorizationHeader auth)
    {
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { auth.ScopeDate, auth.Region, auth.Service, auth.Terminator })
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        return key;
    }
}

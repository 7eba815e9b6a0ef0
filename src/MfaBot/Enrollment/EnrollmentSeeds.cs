using MfaBot.Otp;
using MfaBot.Secrets;
using Microsoft.Extensions.Options;

namespace MfaBot.Enrollment;

/// <summary>
/// Seals a seed (and a first code typed on its own) into an enrollment record and opens it again; the purpose binds
/// it to that one enrollment.
/// </summary>
public sealed class EnrollmentSeeds(ISecretProtector protector, IOptions<EnrollmentOptions> options)
{
    public string Protect(string enrollmentId, ReadOnlySpan<byte> key) => protector.Protect(key, Purpose(enrollmentId));

    public byte[] Unprotect(EnrollmentState state) =>
        protector.Unprotect(state.ProtectedSeed ?? throw new InvalidOperationException("The enrollment has no seed."), Purpose(state.Id));

    public string ProtectCode(string enrollmentId, string code) => protector.Protect(System.Text.Encoding.ASCII.GetBytes(code), CodePurpose(enrollmentId));

    public string UnprotectCode(EnrollmentState state) =>
        System.Text.Encoding.ASCII.GetString(protector.Unprotect(state.ProtectedFirstCode ?? throw new InvalidOperationException("No first code is kept."), CodePurpose(state.Id)));

    /// <summary>The otpauth URI the person's app will show as "Issuer: user@account".</summary>
    public OtpAuthUri UriFor(EnrollmentState state, ReadOnlySpan<byte> key)
    {
        var issuer = options.Value.Issuer;
        return new OtpAuthUri($"{issuer}:{state.IamUserName}@{AccountOf(state.SerialNumber)}", issuer, Base32.Encode(key));
    }

    /// <summary>The account id from a serial ARN (arn:aws:iam::123456789012:mfa/…).</summary>
    private static string AccountOf(string? serialNumber)
    {
        var parts = serialNumber?.Split(':');
        return parts is { Length: >= 6 } && parts[4].Length > 0 ? parts[4] : "aws";
    }

    private static string Purpose(string enrollmentId) => $"MfaBot.Enrollment.Seed/{enrollmentId}";

    private static string CodePurpose(string enrollmentId) => $"MfaBot.Enrollment.FirstCode/{enrollmentId}";
}

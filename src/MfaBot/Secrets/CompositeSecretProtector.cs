namespace MfaBot.Secrets;

/// <summary>
/// Protects with one protector and opens the envelopes of several, by their scheme prefix ("kms1:", "aes1:"): how
/// secrets sealed under Secrets:Keys stay readable after Secrets:KmsKeyId is added, until they have all expired.
/// </summary>
public sealed class CompositeSecretProtector(ISecretProtector primary, IReadOnlyDictionary<string, ISecretProtector> byScheme) : ISecretProtector
{
    public string Protect(ReadOnlySpan<byte> plaintext, string purpose) => primary.Protect(plaintext, purpose);

    public byte[] Unprotect(string protectedText, string purpose)
    {
        var colon = (protectedText ?? "").IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? protectedText![..colon] : "";
        return byScheme.TryGetValue(scheme, out var protector)
            ? protector.Unprotect(protectedText!, purpose)
            : throw new SecretUnavailableException("The protected secret is in an envelope format no configured protector opens.");
    }
}

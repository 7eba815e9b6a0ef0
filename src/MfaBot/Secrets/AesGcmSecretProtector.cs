using Microsoft.Extensions.Options;

namespace MfaBot.Secrets;

/// <summary>
/// AES-256-GCM with configured keys. Envelope: "aes1:{keyId}:{base64url(nonce ‖ tag ‖ ciphertext)}" (see
/// <see cref="AesGcmSeal"/>), the purpose bound as associated data.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    internal const string Scheme = "aes1";

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public AesGcmSecretProtector(IOptions<SecretProtectionOptions> options, ILogger<AesGcmSecretProtector> logger)
    {
        var value = options.Value;
        _keys = value.Keys.ToDictionary(k => k.Id, k => Convert.FromBase64String(k.Key), StringComparer.Ordinal);
        _activeKeyId = value.ActiveKeyId ?? throw new InvalidOperationException("Secrets:ActiveKeyId is not set.");
        SecretsLog.AesGcmMode(logger, _activeKeyId, _keys.Count);
    }

    public string Protect(ReadOnlySpan<byte> plaintext, string purpose) =>
        $"{Scheme}:{_activeKeyId}:{AesGcmSeal.Seal(_keys[_activeKeyId], plaintext, purpose)}";

    public byte[] Unprotect(string protectedText, string purpose)
    {
        var parts = (protectedText ?? "").Split(':');
        if (parts.Length != 3 || parts[0] != Scheme)
            throw new SecretUnavailableException("The protected secret is not in the AES-GCM envelope format this bot is configured for.");
        if (!_keys.TryGetValue(parts[1], out var key))
            throw new SecretUnavailableException("The protected secret was made with a key that is not configured.");
        return AesGcmSeal.Open(key, parts[2], purpose);
    }
}

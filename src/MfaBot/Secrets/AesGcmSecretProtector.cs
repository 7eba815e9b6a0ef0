using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets;

/// <summary>
/// AES-256-GCM with configured keys. Envelope: "aes1:{keyId}:{base64url(nonce ‖ tag ‖ ciphertext)}" with a
/// random 12-byte nonce and the purpose as associated data, so a value moved to another purpose fails.
/// </summary>
public sealed class AesGcmSecretProtector : ISecretProtector
{
    internal const string Scheme = "aes1";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly Dictionary<string, byte[]> _keys;
    private readonly string _activeKeyId;

    public AesGcmSecretProtector(IOptions<SecretProtectionOptions> options, ILogger<AesGcmSecretProtector> logger)
    {
        var value = options.Value;
        _keys = value.Keys.ToDictionary(k => k.Id, k => Convert.FromBase64String(k.Key), StringComparer.Ordinal);
        _activeKeyId = value.ActiveKeyId ?? throw new InvalidOperationException("Secrets:ActiveKeyId is not set.");
        SecretsLog.AesGcmMode(logger, _activeKeyId, _keys.Count);
    }

    public string Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[_activeKeyId], TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return $"{Scheme}:{_activeKeyId}:{Base64Url.EncodeToString(sealedBytes)}";
    }

    public byte[] Unprotect(string protectedText, string purpose)
    {
        var parts = (protectedText ?? "").Split(':');
        if (parts.Length != 3 || parts[0] != Scheme)
            throw new SecretUnavailableException("The protected secret is not in the AES-GCM envelope format this bot is configured for.");
        if (!_keys.TryGetValue(parts[1], out var key))
            throw new SecretUnavailableException("The protected secret was made with a key that is not configured.");
        byte[] sealedBytes;
        try
        {
            sealedBytes = Base64Url.DecodeFromChars(parts[2]);
        }
        catch (FormatException e)
        {
            throw new SecretUnavailableException("The protected secret is damaged.", e);
        }
        if (sealedBytes.Length < NonceSize + TagSize)
            throw new SecretUnavailableException("The protected secret is damaged.");

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(purpose));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new SecretUnavailableException("The protected secret failed its integrity check (tampered, or protected for another purpose).", e);
        }
    }
}

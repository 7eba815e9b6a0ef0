using Microsoft.Extensions.Options;

namespace MfaBot.Secrets.Kms;

/// <summary>
/// Envelope encryption under an AWS KMS key. Envelope: "kms1:{base64url(KMS CiphertextBlob)}:{base64url(nonce ‖ tag ‖
/// ciphertext)}": the secret is sealed with AES-256-GCM under a data key (purpose as associated data, see
/// <see cref="AesGcmSeal"/>), and only the data key's KMS-encrypted blob travels with it. Opening needs KMS Decrypt
/// with the bot's encryption context, so the data folder or the database alone opens nothing.
/// </summary>
public sealed class KmsSecretProtector : ISecretProtector
{
    internal const string Scheme = "kms1";

    private readonly KmsDataKeys _keys;

    public KmsSecretProtector(KmsDataKeys keys, KmsClientSource kms, ILogger<KmsSecretProtector> logger)
    {
        _keys = keys;
        KmsLog.KmsMode(logger, kms.KeyId, kms.Region);
    }

    public string Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var key = _keys.ForEncryption();
        return $"{Scheme}:{key.Blob}:{AesGcmSeal.Seal(key.Plaintext, plaintext, purpose)}";
    }

    public byte[] Unprotect(string protectedText, string purpose)
    {
        var parts = (protectedText ?? "").Split(':');
        if (parts.Length != 3 || parts[0] != Scheme || parts[1].Length == 0)
            throw new SecretUnavailableException("The protected secret is not in the KMS envelope format.");
        return AesGcmSeal.Open(_keys.ForDecryption(parts[1]), parts[2], purpose);
    }
}

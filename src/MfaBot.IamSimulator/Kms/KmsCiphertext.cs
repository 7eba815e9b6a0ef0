using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MfaBot.IamSimulator.Kms;

/// <summary>
/// The simulator's ciphertext blob: version 1 ‖ key id (16 bytes of its UUID) ‖ nonce (12) ‖ tag (16) ‖ ciphertext,
/// AES-256-GCM under the key's material with the key id and the encryption context as associated data. Opaque to the
/// caller and authenticated: a changed byte, another key or another context fails as InvalidCiphertextException.
/// </summary>
internal static class KmsCiphertext
{
    private const byte Version = 1;
    private const int IdSize = 16;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + IdSize + NonceSize + TagSize;

    public static byte[] Seal(Guid keyId, byte[] material, ReadOnlySpan<byte> plaintext, IReadOnlyDictionary<string, string> context)
    {
        var blob = new byte[HeaderSize + plaintext.Length];
        blob[0] = Version;
        keyId.TryWriteBytes(blob.AsSpan(1, IdSize));
        RandomNumberGenerator.Fill(blob.AsSpan(1 + IdSize, NonceSize));
        using var aes = new AesGcm(material, TagSize);
        aes.Encrypt(blob.AsSpan(1 + IdSize, NonceSize), plaintext, blob.AsSpan(HeaderSize), blob.AsSpan(1 + IdSize + NonceSize, TagSize),
            AssociatedData(keyId, context));
        return blob;
    }

    /// <summary>The key a blob names, or null for a blob this simulator cannot have made.</summary>
    public static Guid? KeyOf(byte[] blob) =>
        blob.Length >= HeaderSize && blob[0] == Version ? new Guid(blob.AsSpan(1, IdSize)) : null;

    public static byte[] Open(byte[] blob, byte[] material, IReadOnlyDictionary<string, string> context)
    {
        var keyId = KeyOf(blob) ?? throw KmsException.InvalidCiphertext();
        var plaintext = new byte[blob.Length - HeaderSize];
        try
        {
            using var aes = new AesGcm(material, TagSize);
            aes.Decrypt(blob.AsSpan(1 + IdSize, NonceSize), blob.AsSpan(HeaderSize), blob.AsSpan(1 + IdSize + NonceSize, TagSize), plaintext,
                AssociatedData(keyId, context));
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            throw KmsException.InvalidCiphertext();
        }
    }

    // Sorted so that the order in which a client lists the context does not matter, as in KMS.
    private static byte[] AssociatedData(Guid keyId, IReadOnlyDictionary<string, string> context) =>
        Encoding.UTF8.GetBytes(keyId.ToString() + JsonSerializer.Serialize(context.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new[] { p.Key, p.Value })));
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace MfaBot.Secrets;

/// <summary>
/// The sealed part of the "aes1" and "kms1" envelopes: base64url(nonce ‖ tag ‖ ciphertext), AES-256-GCM with a random
/// 12-byte nonce and the purpose as associated data, so a value moved to another purpose fails.
/// </summary>
internal static class AesGcmSeal
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    public static string Seal(byte[] key, ReadOnlySpan<byte> plaintext, string purpose)
    {
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));
        return Base64Url.EncodeToString(sealedBytes);
    }

    /// <summary>Base64url text as <see cref="Seal"/> writes it, decoded; damaged text is a <see cref="SecretUnavailableException"/>.</summary>
    public static byte[] Decode(string text, int minimumLength = NonceSize + TagSize)
    {
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException e)
        {
            throw new SecretUnavailableException("The protected secret is damaged.", e);
        }
        return bytes.Length >= minimumLength ? bytes : throw new SecretUnavailableException("The protected secret is damaged.");
    }

    public static byte[] Open(byte[] key, string sealedText, string purpose)
    {
        var sealedBytes = Decode(sealedText);
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

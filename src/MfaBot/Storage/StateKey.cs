using System.Security.Cryptography;
using System.Text;

namespace MfaBot.Storage;

/// <summary>The rules every store applies to keys, so that all stores accept exactly the same keys.</summary>
public static class StateKey
{
    public const int MaxLength = 512;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Keys are non-empty, at most <see cref="MaxLength"/> chars, well-formed Unicode (a lone surrogate would
    /// collide with U+FFFD once encoded) and free of control characters. Anything else may appear.
    /// </summary>
    public static void Validate(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0 || key.Length > MaxLength)
            throw new ArgumentException($"A state key must be 1 to {MaxLength} characters long.", nameof(key));
        foreach (var c in key)
        {
            if (char.IsControl(c))
                throw new ArgumentException("A state key must not contain control characters.", nameof(key));
        }
        try
        {
            _ = StrictUtf8.GetByteCount(key);
        }
        catch (EncoderFallbackException)
        {
            throw new ArgumentException("A state key must be well-formed Unicode.", nameof(key));
        }
    }

    /// <summary>
    /// A fixed-length stand-in (64 hex characters of SHA-256) for key material that may be long, odd or secret: the same
    /// text always gives the same key, and the key reveals nothing of it.
    /// </summary>
    public static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    /// <summary>The key's UTF-8 bytes; call after <see cref="Validate"/>.</summary>
    public static byte[] ToUtf8(string key) => StrictUtf8.GetBytes(key);
}

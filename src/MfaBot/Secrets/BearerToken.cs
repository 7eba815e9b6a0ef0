using System.Buffers.Text;
using System.Security.Cryptography;
using MfaBot.Storage;

namespace MfaBot.Secrets;

/// <summary>
/// Unguessable tokens in links that work without sign-in (hosted QR images, campaign and audit exports). The token itself is
/// never stored: its record lives under a hash of it, so whoever can read the data folder or the database cannot open
/// the link (for a QR image, that would be the seed).
/// </summary>
public static class BearerToken
{
    /// <summary>256 random bits, URL-safe base64 without padding: 43 characters.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static bool IsWellFormed(string token) =>
        token.Length == 43 && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Where the record a token opens is stored: <paramref name="prefix"/> and the token's SHA-256.</summary>
    public static string KeyFor(string prefix, string token) =>
        prefix + StateKey.Digest(token);
}

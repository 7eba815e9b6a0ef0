using System.Security.Cryptography;
using OtpNet;

namespace MfaBot.Otp;

/// <summary>
/// Lends the caller's key array to Otp.NET. Otp.NET's own <see cref="InMemoryKey"/> keeps a private copy of the
/// seed that nothing ever zeroes; with this provider the only copy is the caller's, which it zeroes after use.
/// </summary>
internal sealed class BorrowedKey(byte[] key) : IKeyProvider
{
    public byte[] ComputeHmac(OtpHashMode mode, byte[] data) => mode == OtpHashMode.Sha1
#pragma warning disable CA5350 // RFC 6238 and AWS virtual MFA are defined on HMAC-SHA1; HMAC-SHA1 is not weakened by SHA-1 collisions.
        ? HMACSHA1.HashData(key, data)
#pragma warning restore CA5350
        : throw new NotSupportedException("AWS virtual MFA uses HMAC-SHA1 only.");
}

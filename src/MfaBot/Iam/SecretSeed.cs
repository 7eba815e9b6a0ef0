using MfaBot.Otp;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace MfaBot.Iam;

/// <summary>
/// A TOTP shared secret as IAM hands it out (Base32 text). It prints, serializes and debugs as a
/// redaction so it cannot reach a log by accident; the value comes out only through the Reveal methods.
/// </summary>
[DebuggerDisplay("[redacted seed]")]
public sealed class SecretSeed : IDisposable
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private readonly byte[] _base32Ascii;

    private SecretSeed(byte[] base32Ascii) => _base32Ascii = base32Ascii;

    /// <summary>Takes ownership of ASCII Base32 bytes (as decoded from IAM's base64 field).</summary>
    internal static SecretSeed FromBase32Ascii(byte[] base32Ascii)
    {
        foreach (var b in base32Ascii)
        {
            if (b != '=' && Alphabet.IndexOf(char.ToUpperInvariant((char)b)) < 0)
            {
                CryptographicOperations.ZeroMemory(base32Ascii);
                throw new FormatException("The MFA seed from IAM is not Base32 text.");
            }
        }
        return new SecretSeed(base32Ascii);
    }

    /// <summary>Wraps Base32 text (e.g. for tests or a seed kept in a key store).</summary>
    public static SecretSeed FromBase32(string base32) => FromBase32Ascii(Encoding.ASCII.GetBytes(base32));

    /// <summary>The Base32 text for showing to the user as a manual-entry fallback.</summary>
    public string RevealBase32() => Encoding.ASCII.GetString(_base32Ascii);

    /// <summary>The raw HMAC key (Base32-decoded, RFC 4648, padding optional).</summary>
    public byte[] RevealKey()
    {
        // A char copy that is wiped afterwards, rather than a string that would linger until collected.
        var text = new char[_base32Ascii.Length];
        try
        {
            for (var i = 0; i < text.Length; i++) text[i] = (char)_base32Ascii[i];
            return Base32.Decode(text);
        }
        finally
        {
            Array.Clear(text);
        }
    }

    public override string ToString() => "[redacted seed]";

    /// <summary>Overwrites the held secret.</summary>
    public void Dispose() => CryptographicOperations.ZeroMemory(_base32Ascii);
}

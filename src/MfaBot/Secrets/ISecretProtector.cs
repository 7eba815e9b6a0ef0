namespace MfaBot.Secrets;

/// <summary>
/// Encrypts secrets (TOTP seeds) before they reach state, and decrypts them for the moment they are needed.
/// The purpose binds a protected value to its use ("enrollment.seed"); the same purpose must unprotect it.
/// </summary>
public interface ISecretProtector
{
    /// <summary>A text envelope, safe to store, that carries no trace of the plaintext.</summary>
    string Protect(ReadOnlySpan<byte> plaintext, string purpose);

    /// <summary>The plaintext; the caller should zero the array after use.</summary>
    /// <exception cref="SecretUnavailableException">Tampered, other purpose, unknown key or foreign format.</exception>
    byte[] Unprotect(string protectedText, string purpose);
}

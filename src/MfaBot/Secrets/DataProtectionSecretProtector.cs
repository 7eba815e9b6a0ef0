using System.Buffers.Text;
using System.Security.Cryptography;
using MfaBot.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets;

/// <summary>
/// The fallback when no keys are configured: ASP.NET Core Data Protection with its key ring under
/// "&lt;DataFolder&gt;/keys" (it rotates its own keys). Envelope: "dp1:{data protection payload}".
/// </summary>
public sealed class DataProtectionSecretProtector : ISecretProtector
{
    internal const string Scheme = "dp1";
    private const string RootPurpose = "MfaBot.Secrets";

    private readonly IDataProtectionProvider _provider;

    public DataProtectionSecretProtector(IDataProtectionProvider provider, IOptions<StorageOptions> storage, ILogger<DataProtectionSecretProtector> logger)
    {
        _provider = provider;
        var folder = KeyRingFolder(storage.Value);
        SecretsLog.DataProtectionMode(logger, folder);
    }

    internal static string KeyRingFolder(StorageOptions storage) => Path.Combine(storage.FullDataFolder, "keys");

    public string Protect(ReadOnlySpan<byte> plaintext, string purpose)
    {
        var copy = plaintext.ToArray();
        try
        {
            return $"{Scheme}:{Base64Url.EncodeToString(_provider.CreateProtector(RootPurpose, purpose).Protect(copy))}";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public byte[] Unprotect(string protectedText, string purpose)
    {
        var prefix = Scheme + ":";
        if (protectedText is null || !protectedText.StartsWith(prefix, StringComparison.Ordinal))
            throw new SecretUnavailableException("The protected secret is not in the Data Protection envelope format this bot is configured for.");
        try
        {
            var payload = Base64Url.DecodeFromChars(protectedText.AsSpan(prefix.Length));
            return _provider.CreateProtector(RootPurpose, purpose).Unprotect(payload);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            throw new SecretUnavailableException("The protected secret failed its integrity check (tampered, protected for another purpose, or its key is gone).", e);
        }
    }
}

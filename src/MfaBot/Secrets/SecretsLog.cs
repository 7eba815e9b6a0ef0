namespace MfaBot.Secrets;

/// <summary>The one line per process that says how secrets are protected; it names key ids, never keys.</summary>
internal static partial class SecretsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Secrets are protected with AES-256-GCM; active key id {ActiveKeyId}, {KeyCount} key(s) configured")]
    public static partial void AesGcmMode(ILogger logger, string activeKeyId, int keyCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Secrets are protected with ASP.NET Core Data Protection (no Secrets:Keys configured); key ring in {KeyRingFolder}")]
    public static partial void DataProtectionMode(ILogger logger, string keyRingFolder);
}

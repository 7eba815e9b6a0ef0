namespace MfaBot.Secrets.Kms;

/// <summary>KMS outcomes by key id and AWS error code; never a data key, a blob or a secret.</summary>
internal static partial class KmsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Secrets are protected with AWS KMS envelope encryption; key {KmsKeyId} in {Region}")]
    public static partial void KmsMode(ILogger logger, string kmsKeyId, string region);

    [LoggerMessage(Level = LogLevel.Information, Message = "New KMS data key from {KmsKeyId}; it encrypts new secrets for up to {Lifetime}")]
    public static partial void DataKeyGenerated(ILogger logger, string kmsKeyId, TimeSpan lifetime);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KMS GenerateDataKey with {KmsKeyId} failed: {Reason}")]
    public static partial void DataKeyFailed(ILogger logger, string kmsKeyId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KMS Decrypt with {KmsKeyId} failed: {Reason}")]
    public static partial void DecryptFailed(ILogger logger, string kmsKeyId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KMS could not be reached at start ({Reason}); /readyz reports not ready until key {KmsKeyId} answers")]
    public static partial void UnreachableAtStart(ILogger logger, string kmsKeyId, string reason);
}

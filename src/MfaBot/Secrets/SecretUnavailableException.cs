namespace MfaBot.Secrets;

/// <summary>A protected secret could not be recovered. The message never carries the secret or the envelope.</summary>
public sealed class SecretUnavailableException : Exception
{
    public SecretUnavailableException(string message)
        : base(message)
    {
    }

    public SecretUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>AWS KMS failed or did not answer (rather than the secret being damaged or foreign): later may work.</summary>
    public bool AwsFailed { get; init; }
}

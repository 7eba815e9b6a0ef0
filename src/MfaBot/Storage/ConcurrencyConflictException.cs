namespace MfaBot.Storage;

/// <summary>
/// A write or delete lost an optimistic-concurrency race: reload, reapply, retry. The message names
/// neither the key's value nor any secret; the key is kept as a property for the caller's own handling.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException(string key, string message)
        : base(message)
    {
        Key = key;
    }

    public string Key { get; }
}

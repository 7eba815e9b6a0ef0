namespace MfaBot.Storage;

/// <summary>A stored value and the ETag that a later write or delete must present.</summary>
public sealed record Stored<T>(T Value, string ETag);

/// <summary>
/// Durable key/value state with optimistic concurrency. Keys are path-like ("enrollment/29:abc"), may hold
/// any user-controlled characters, and follow the rules of <see cref="StateKey"/>.
/// </summary>
public interface IStateStore
{
    /// <summary>The value and its ETag, or null when the key does not exist.</summary>
    Task<Stored<T>?> GetAsync<T>(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="value"/>. A null <paramref name="etag"/> creates the key and fails if it exists;
    /// otherwise the etag must equal the current one. Returns the new ETag.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The key exists (create) or the etag is not current.</exception>
    Task<string> PutAsync<T>(string key, T value, string? etag, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes the key. A null <paramref name="etag"/> deletes whatever is there (nothing if absent);
    /// otherwise the key must exist with that etag.
    /// </summary>
    /// <exception cref="ConcurrencyConflictException">The etag is not current or the key is gone.</exception>
    Task DeleteAsync(string key, string? etag, CancellationToken cancellationToken);

    /// <summary>Every key starting with <paramref name="prefix"/> (ordinal), in ordinal order; "" lists all.</summary>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken);
}

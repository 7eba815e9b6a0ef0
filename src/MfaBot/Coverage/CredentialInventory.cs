namespace MfaBot.Coverage;

/// <summary>
/// The rows of one reading, streamed (read <see cref="Rows"/> once). Disposing it releases the connection of a report
/// not read to its end.
/// </summary>
public sealed class CredentialInventory(CredentialSource source, IAsyncEnumerable<CredentialRow> rows, Func<DateTimeOffset?> asOf,
    IAsyncDisposable? owner = null) : IAsyncDisposable
{
    public CredentialSource Source { get; } = source;

    public IAsyncEnumerable<CredentialRow> Rows { get; } = rows;

    /// <summary>
    /// When the data was taken: the report's GeneratedTime (IAM sends it after the CSV, so it is known once
    /// <see cref="Rows"/> has been read to the end), or when the listing started.
    /// </summary>
    public DateTimeOffset? AsOf => asOf();

    public ValueTask DisposeAsync() => owner?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>
/// The account's credential coverage for the security team (the <c>coverage</c> command builds on it): IAM's
/// credential report, or ListUsers + ListMFADevices where policy denies the report.
/// </summary>
public interface ICredentialReportReader
{
    /// <summary>Generates the report if IAM has none recent enough, waits for it and opens it for streaming.</summary>
    Task<CredentialInventory> OpenAsync(CancellationToken cancellationToken = default);
}

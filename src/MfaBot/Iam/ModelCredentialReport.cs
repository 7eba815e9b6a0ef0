namespace MfaBot.Iam;

/// <summary>What GenerateCredentialReport answers.</summary>
public enum CredentialReportState
{
    Started,
    InProgress,
    Complete,
}

/// <summary>
/// A GetCredentialReport reply being read: <see cref="Csv"/> is the report's CSV, Base64-decoded straight from the
/// connection. IAM sends the report's <see cref="GeneratedTime"/> after the content, so it is known once
/// <see cref="Csv"/> has been read to its end.
/// </summary>
public sealed class CredentialReportContent : IAsyncDisposable
{
    private readonly CredentialReportReply _reply;

    internal CredentialReportContent(CredentialReportReply reply)
    {
        _reply = reply;
        Csv = reply;
    }

    public Stream Csv { get; }

    /// <summary>ReportFormat (text/csv); null until read, like <see cref="GeneratedTime"/>.</summary>
    public string? ReportFormat => _reply.ReportFormat;

    public DateTimeOffset? GeneratedTime => _reply.GeneratedTime;

    public ValueTask DisposeAsync() => _reply.DisposeAsync();
}

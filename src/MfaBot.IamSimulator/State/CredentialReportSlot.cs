namespace MfaBot.IamSimulator.State;

/// <summary>A credential report: the CSV bytes and when IAM took the snapshot they describe.</summary>
public sealed record CredentialReport(byte[] Csv, DateTimeOffset GeneratedTime);

/// <summary>
/// The account's credential reports, under <see cref="IamAccount.Gate"/>. A report is <see cref="Pending"/> from the
/// GenerateCredentialReport call that started it until the next one, which completes it (so a client that polls
/// GenerateCredentialReport until COMPLETE, as AWS documents, sees STARTED then COMPLETE). Kept in memory only: a
/// restarted simulator has no report, as if it had never been generated.
/// </summary>
public sealed class CredentialReportSlot
{
    public CredentialReport? Pending { get; set; }

    public CredentialReport? Ready { get; set; }
}

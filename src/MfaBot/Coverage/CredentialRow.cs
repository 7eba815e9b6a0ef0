namespace MfaBot.Coverage;

/// <summary>Where the rows come from.</summary>
public enum CredentialSource
{
    /// <summary>IAM's credential report (GenerateCredentialReport + GetCredentialReport): every column known.</summary>
    CredentialReport,

    /// <summary>ListUsers + ListMFADevices, used where policy refuses the report: passwords and access keys unknown.</summary>
    UserListing,
}

/// <summary>
/// One IAM identity's credentials, as the credential report describes them. A null value is one the source does not
/// know: the report's N/A, not_supported and no_information, or any password or access key column of the listing.
/// Neither source carries the user's tags (ListUserTags has them).
/// </summary>
/// <param name="UserName">The IAM user name; "&lt;root_account&gt;" for the account root (see <see cref="IsRoot"/>).</param>
/// <param name="Path">The user's path, e.g. "/engineering/" (the report derives it from the ARN); null for the root.</param>
/// <param name="PasswordEnabled">Whether the user has a console password; null for the root (not_supported) or unknown.</param>
public sealed record CredentialRow(
    string UserName,
    string Arn,
    string? Path,
    DateTimeOffset? Created,
    bool? PasswordEnabled,
    DateTimeOffset? PasswordLastUsed,
    bool MfaActive,
    AccessKeyUse? AccessKey1,
    AccessKeyUse? AccessKey2)
{
    public const string RootUserName = "<root_account>";

    public bool IsRoot => UserName == RootUserName;
}

/// <summary>One of a user's two access key slots.</summary>
public sealed record AccessKeyUse(bool Active, DateTimeOffset? LastRotated, DateTimeOffset? LastUsed, string? LastUsedRegion, string? LastUsedService);

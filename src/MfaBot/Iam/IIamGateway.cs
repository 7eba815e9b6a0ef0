namespace MfaBot.Iam;

/// <summary>
/// The IAM operations MfaBot needs, as the IAM Query API defines them. Every IAM call in the bot goes through
/// here. Failures IAM reports (and transport failures after retries) surface as <see cref="IamException"/>.
/// List operations return all pages.
/// </summary>
public interface IIamGateway
{
    Task<CreatedVirtualMfaDevice> CreateVirtualMfaDeviceAsync(string deviceName, string? path = null,
        IReadOnlyList<IamTag>? tags = null, CancellationToken cancellationToken = default);

    /// <summary>Assigns the device to the user; the two codes are consecutive codes from the authenticator.</summary>
    Task EnableMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2,
        CancellationToken cancellationToken = default);

    /// <summary>The user's MFA devices; with no user name, those of the calling identity.</summary>
    Task<IReadOnlyList<MfaDevice>> ListMfaDevicesAsync(string? userName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<VirtualMfaDevice>> ListVirtualMfaDevicesAsync(MfaAssignmentStatus assignmentStatus,
        CancellationToken cancellationToken = default);

    Task DeactivateMfaDeviceAsync(string userName, string serialNumber, CancellationToken cancellationToken = default);

    Task DeleteVirtualMfaDeviceAsync(string serialNumber, CancellationToken cancellationToken = default);

    Task ResyncMfaDeviceAsync(string userName, string serialNumber, string authenticationCode1, string authenticationCode2,
        CancellationToken cancellationToken = default);

    /// <summary>The named user, or the calling identity's user when <paramref name="userName"/> is null.</summary>
    Task<IamUser> GetUserAsync(string? userName = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IamUser>> ListUsersAsync(string? pathPrefix = null, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IamTag>> ListUserTagsAsync(string userName, CancellationToken cancellationToken = default);

    Task TagMfaDeviceAsync(string serialNumber, IReadOnlyList<IamTag> tags, CancellationToken cancellationToken = default);

    /// <summary>Makes the user a member of the group; adding a member again succeeds and changes nothing.</summary>
    Task AddUserToGroupAsync(string groupName, string userName, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<IamGroup>> ListGroupsForUserAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>Starts a credential report, or tells the state of the current one (IAM regenerates at most every four hours).</summary>
    Task<CredentialReportState> GenerateCredentialReportAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// The current credential report, its CSV decoded from the reply as it is read (never held whole in memory).
    /// Dispose it to release the connection. ReportNotPresent, ReportExpired and ReportInProgress come as <see cref="IamException"/>.
    /// </summary>
    Task<CredentialReportContent> GetCredentialReportAsync(CancellationToken cancellationToken = default);
}

using System.Text.Json.Serialization;
using MfaBot.Conversation;

namespace MfaBot.Resets;

/// <summary>
/// One person's request to have their MFA devices removed, stored under <see cref="KeyFor"/>. Every decision is
/// written with the record's ETag, so two clicks at once lead to one outcome.
/// </summary>
public sealed record ResetRequest
{
    public required string Id { get; init; }
    public required ChatUser User { get; init; }
    public string? Email { get; init; }

    /// <summary>The person's private conversation: where they are told about the outcome.</summary>
    public required ConversationRef Conversation { get; init; }

    public required string IamUserName { get; init; }

    /// <summary>The devices the person asked to remove, as IAM listed them; approval removes exactly these.</summary>
    public required IReadOnlyList<ResetDevice> Devices { get; init; }

    public required string Reason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public bool Privileged { get; init; }
    public bool RequiresSecondApproval { get; init; }

    [JsonIgnore]
    public int RequiredApprovals => RequiresSecondApproval ? 2 : 1;
    public string? ManagerEmail { get; init; }

    public ResetStatus Status { get; init; } = ResetStatus.Open;
    public ResetAgent? TakenBy { get; init; }
    public IReadOnlyList<ResetAgent> Approvals { get; init; } = [];
    public ResetAgent? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DenyReason { get; init; }

    /// <summary>Why the last removal attempt failed (IAM's error code), shown on the helpdesk card.</summary>
    public string? LastError { get; init; }

    public ConversationRef? HelpdeskConversation { get; init; }
    public string? HelpdeskMessageId { get; init; }
    public DateTimeOffset? AnnouncedAt { get; init; }
    public int Announcements { get; init; }

    [JsonIgnore]
    public string ShortId => Id[..8];

    /// <summary>Still waiting for a decision (nobody has approved enough, denied, withdrawn it or let it expire).</summary>
    [JsonIgnore]
    public bool IsPending => Status is ResetStatus.Open or ResetStatus.Taken;

    /// <summary>The person's one-open-request index still points here.</summary>
    [JsonIgnore]
    public bool IsOpen => IsPending || Status == ResetStatus.Removing;

    public static string KeyFor(string id) => $"reset/{id}";

    public const string KeyPrefix = "reset/";

    /// <summary>Request ids are 24 lower-case hex characters; anything else from a card is not a request.</summary>
    public static bool IsWellFormedId(string? id) => id is { Length: 24 } && id.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}

public enum ResetStatus
{
    Open,
    Taken,

    /// <summary>Approved; the devices are being removed in IAM.</summary>
    Removing,

    Completed,
    Denied,
    Cancelled,
    Expired,
}

/// <summary>A device as listed when the request was made. Virtual devices have ARN serials (…:mfa/…).</summary>
public sealed record ResetDevice(string SerialNumber, DateTimeOffset EnableDate)
{
    [JsonIgnore]
    public bool IsVirtual => SerialNumber.StartsWith("arn:", StringComparison.Ordinal) && SerialNumber.Contains(":mfa/", StringComparison.Ordinal);
}

/// <summary>
/// A helpdesk member as the platform vouched for them when they clicked: the chat account (<see cref="Key"/>) and the
/// person behind it, by platform email, the IAM user that email maps to, and the Entra object id. Records written
/// before the last two existed load with them null and are matched by account and email, as they were then.
/// </summary>
public sealed record ResetAgent(string Key, string Name, string? Email, string? IamUser = null, string? DirectoryId = null)
{
    public static ResetAgent Of(ChatUser user, UserProfile? profile, string? iamUser = null) =>
        new(user.Key, profile?.DisplayName ?? user.Name ?? user.Id, profile?.Email ?? profile?.UserPrincipalName, iamUser, user.AadObjectId);

    /// <summary>The same person, whichever of their chat accounts (Teams, Slack, a second login) each acted from.</summary>
    public bool IsSamePersonAs(ResetAgent other) =>
        Key == other.Key || Same(IamUser, other.IamUser) || Same(Email, other.Email) || Same(DirectoryId, other.DirectoryId);

    /// <summary>The person whose devices <paramref name="request"/> would remove, through any of their accounts.</summary>
    public bool IsRequesterOf(ResetRequest request) =>
        Key == request.User.Key || Same(IamUser, request.IamUserName) || Same(Email, request.Email) || Same(DirectoryId, request.User.AadObjectId);

    // IAM user names and emails are case-insensitive; an unknown value never matches.
    private static bool Same(string? a, string? b) => a is not null && b is not null && string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

/// <summary>"reset-open/{person}": the id of the person's one open request; created with no ETag so there is only one.</summary>
public sealed record OpenResetIndex(string RequestId)
{
    public static string KeyFor(ChatUser user) => $"reset-open/{user.Key}";
}

/// <summary>"reset-helpdesk/{channel}": the conversation registered with "register helpdesk" on that platform.</summary>
public sealed record HelpdeskRegistration(ConversationRef Conversation, ResetAgent RegisteredBy, DateTimeOffset RegisteredAt)
{
    public static string KeyFor(string channel) => $"reset-helpdesk/{channel}";
}

/// <summary>"reset-helpdesk-outage/{channel}": the last post to that platform's helpdesk conversation failed, and when.</summary>
public sealed record HelpdeskOutage(string ConversationId, DateTimeOffset FailedAt)
{
    public static string KeyFor(string channel) => $"reset-helpdesk-outage/{channel}";
}

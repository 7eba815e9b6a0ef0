using System.Text.Json.Serialization;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Model;

/// <summary>One person in a campaign and where their invitation stands.</summary>
public sealed record Invitee
{
    public required int N { get; init; }
    public string? Email { get; init; }
    public string? Name { get; init; }

    /// <summary>The chat identity to message; null when none was found.</summary>
    public ChatUser? User { get; init; }

    public string? IamUser { get; init; }
    public InviteeState State { get; init; }
    public FailureReason? Reason { get; init; }

    /// <summary>A personal deadline (CSV column); the campaign's otherwise.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>The 1:1 conversation once opened, so reminders need no second "create conversation".</summary>
    public string? ConversationId { get; init; }

    /// <summary>What is being sent while <see cref="InviteeState.Sending"/>, and until when the claim holds.</summary>
    public SendKind? Sending { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }

    /// <summary>When the next attempt (retry, reminder, snoozed reminder) is due.</summary>
    public DateTimeOffset? DueAt { get; init; }

    public int Attempts { get; init; }
    public DateTimeOffset? InvitedAt { get; init; }
    public int Reminders { get; init; }
    public int Snoozes { get; init; }
    public DateTimeOffset? EnrolledAt { get; init; }

    /// <summary>When the deadline put the person's IAM user in the MFA enforcement group.</summary>
    public DateTimeOffset? EnforcedAt { get; init; }

    /// <summary>Enrolled before the campaign started (not invited).</summary>
    public bool AlreadyEnrolled { get; init; }

    /// <summary>The campaign's own manager: counted and tracked, never sent an invitation or reminder about her own campaign.</summary>
    public bool IsManager { get; init; }

    public DateTimeOffset DeadlineIn(Campaign campaign) => Deadline ?? campaign.Deadline;

    /// <summary>Still expected to enroll: neither enrolled nor out of the campaign (failed).</summary>
    [JsonIgnore]
    public bool IsOpen => State is not (InviteeState.Enrolled or InviteeState.Failed);

    public bool IsOverdue(Campaign campaign, DateTimeOffset now) => IsOpen && now >= DeadlineIn(campaign);

    [JsonIgnore]
    public bool IsWaitingForEnrollment => State is InviteeState.Invited or InviteeState.Reminded;
}

public enum InviteeState
{
    Pending,
    Sending,
    Invited,
    Reminded,
    Enrolled,
    Failed,
}

public enum SendKind
{
    Invite,
    Reminder,
}

public enum FailureReason
{
    /// <summary>No IAM user is linked to the person.</summary>
    Unmapped,

    /// <summary>No chat identity found for the email (not in the roster or workspace).</summary>
    NotReachable,

    /// <summary>The 1:1 conversation could not be opened: the app is not installed for the person, or the account is gone.</summary>
    BotNotInstalled,

    /// <summary>The person blocked or removed the bot.</summary>
    Blocked,

    /// <summary>The platform refused the message.</summary>
    Refused,

    /// <summary>Still throttled or unavailable after every attempt.</summary>
    GaveUp,

    /// <summary>The invite was being sent when the instance stopped; it may or may not have arrived. Never re-sent.</summary>
    DeliveryUnknown,
}

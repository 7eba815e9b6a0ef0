using MfaBot.Campaigns.Delivery;

namespace MfaBot.Campaigns.Model;

/// <summary>
/// Every change of an invitee's state, as pure functions. Delivery is at-most-once: an invitee is marked
/// <see cref="InviteeState.Sending"/> (durably, with a lease) just before the message's request leaves, and a claim
/// found expired afterwards is never sent again: an invite becomes <see cref="FailureReason.DeliveryUnknown"/> for
/// the manager to see, a reminder counts as sent. Nobody is ever messaged twice for one step.
/// </summary>
public sealed class Transitions(CampaignOptions options)
{
    public SendKind? DueFor(Invitee i, Campaign campaign, DateTimeOffset now) => i.State switch
    {
        _ when i.IsManager => null,
        InviteeState.Pending when i.User is not null && (i.DueAt is null || i.DueAt <= now) => SendKind.Invite,
        InviteeState.Invited or InviteeState.Reminded when i.DueAt <= now && now < i.DeadlineIn(campaign) => SendKind.Reminder,
        _ => null,
    };

    public bool IsStale(Invitee i, DateTimeOffset now) => i.State == InviteeState.Sending && i.LeaseUntil <= now;

    /// <summary>The send into <paramref name="conversationId"/> is leaving now; null when no longer due for <paramref name="kind"/>.</summary>
    public Invitee? Claim(Invitee i, Campaign campaign, SendKind kind, string conversationId, DateTimeOffset now) =>
        DueFor(i, campaign, now) == kind
            ? i with { State = InviteeState.Sending, Sending = kind, ConversationId = conversationId, LeaseUntil = now + options.Delivery.Lease }
            : null;

    /// <summary>A claim whose holder vanished mid-send: the message may have gone out, so it is not sent again.</summary>
    public Invitee ResolveStale(Invitee i, Campaign campaign, DateTimeOffset now) => i.Sending == SendKind.Reminder
        ? Reminded(i, campaign, now)
        : Released(i) with { State = InviteeState.Failed, Reason = FailureReason.DeliveryUnknown };

    /// <summary>The outcome of a claimed send.</summary>
    public Invitee Apply(Invitee i, Campaign campaign, SendKind kind, SendResult result, DateTimeOffset now) =>
        i.State == InviteeState.Sending ? Outcome(i, campaign, kind, result, now) : i;

    /// <summary>An attempt that failed before anything was claimed (the 1:1 could not be opened), if still due.</summary>
    public Invitee Unsent(Invitee i, Campaign campaign, SendKind kind, SendResult result, DateTimeOffset now) =>
        DueFor(i, campaign, now) == kind ? Outcome(i, campaign, kind, result, now) : i;

    private Invitee Outcome(Invitee i, Campaign campaign, SendKind kind, SendResult result, DateTimeOffset now)
    {
        i = i with { ConversationId = result.ConversationId ?? i.ConversationId };
        return (result.Outcome, kind) switch
        {
            (SendOutcome.Delivered, SendKind.Invite) => Released(i) with
            {
                State = InviteeState.Invited, InvitedAt = now, Attempts = 0, DueAt = SnoozedOr(i, ReminderAfter(now, 0, i, campaign, now), now),
            },
            (SendOutcome.Delivered or SendOutcome.Unknown, SendKind.Reminder) => Reminded(i, campaign, now),
            (SendOutcome.Unknown, _) => Released(i) with { State = InviteeState.Failed, Reason = FailureReason.DeliveryUnknown },
            (SendOutcome.Failed, _) => Released(i) with { State = InviteeState.Failed, Reason = result.Reason ?? FailureReason.Refused },
            (_, SendKind.Invite) when i.Attempts + 1 >= options.Delivery.MaxAttempts =>
                Released(i) with { State = InviteeState.Failed, Reason = FailureReason.GaveUp },
            // A reminder that keeps failing is skipped; the next one is tried on schedule.
            (_, SendKind.Reminder) when i.Attempts + 1 >= options.Delivery.MaxAttempts => Reminded(i, campaign, now) with { Reminders = i.Reminders },
            _ => Released(i) with
            {
                State = kind == SendKind.Invite ? InviteeState.Pending : Waiting(i),
                Attempts = i.Attempts + 1,
                DueAt = now + Backoff(i.Attempts + 1, result.RetryAfter),
            },
        };
    }

    /// <summary>"Remind me tomorrow": null when not allowed (already enrolled, no snoozes left, not waiting).</summary>
    public Invitee? Snooze(Invitee i, DateTimeOffset now) =>
        (i.IsWaitingForEnrollment || i.State == InviteeState.Sending) && i.Snoozes < options.MaxSnoozes ? i with { Snoozes = i.Snoozes + 1, DueAt = now + options.SnoozeDelay } : null;

    public Invitee? Enrolled(Invitee i, DateTimeOffset now) =>
        i.State == InviteeState.Enrolled || (i.State == InviteeState.Failed && i.Reason is FailureReason.Unmapped)
            ? null
            : Released(i) with { State = InviteeState.Enrolled, EnrolledAt = now, DueAt = null };

    private Invitee Reminded(Invitee i, Campaign campaign, DateTimeOffset now)
    {
        var sent = i.Reminders + 1;
        return Released(i) with { State = InviteeState.Reminded, Reminders = sent, Attempts = 0, DueAt = SnoozedOr(i, ReminderAfter(i.InvitedAt ?? now, sent, i, campaign, now), now) };
    }

    /// <summary>A person may snooze while their card's send is still being recorded; the snooze wins.</summary>
    private static DateTimeOffset? SnoozedOr(Invitee i, DateTimeOffset? next, DateTimeOffset now) => i.DueAt > now ? i.DueAt : next;

    /// <summary>The next reminder after <paramref name="sent"/> reminders, never sooner than a snooze from now and never after the deadline.</summary>
    private DateTimeOffset? ReminderAfter(DateTimeOffset invitedAt, int sent, Invitee i, Campaign campaign, DateTimeOffset now)
    {
        if (sent >= options.ReminderSchedule.Count) return null;
        var at = invitedAt + options.ReminderSchedule[sent];
        if (sent > 0 && at < now + options.SnoozeDelay) at = now + options.SnoozeDelay;
        return at < i.DeadlineIn(campaign) ? at : null;
    }

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = options.Delivery.RetryBaseDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble() / 2);
        return retryAfter is { } told && told > exponential ? told : exponential;
    }

    private static InviteeState Waiting(Invitee i) => i.Reminders > 0 ? InviteeState.Reminded : InviteeState.Invited;

    private static Invitee Released(Invitee i) => i with { Sending = null, LeaseUntil = null };
}

namespace MfaBot.Campaigns.Model;

/// <summary>How a campaign stands: what the progress card, status and the deadline report show.</summary>
public sealed record CampaignCounts(int Total, int ToInvite, int Invited, int Enrolled, int AlreadyEnrolled, int Failed, int Unknown, int Overdue)
{
    public static CampaignCounts Of(Campaign campaign, IEnumerable<Invitee> invitees, DateTimeOffset now)
    {
        int total = 0, toInvite = 0, invited = 0, enrolled = 0, already = 0, failed = 0, unknown = 0, overdue = 0;
        foreach (var i in invitees)
        {
            total++;
            switch (i.State)
            {
                case InviteeState.Pending or InviteeState.Sending when i.Sending != SendKind.Reminder: toInvite++; break;
                case InviteeState.Enrolled when i.AlreadyEnrolled: already++; break;
                case InviteeState.Enrolled: enrolled++; break;
                case InviteeState.Failed when i.Reason == FailureReason.DeliveryUnknown: unknown++; break;
                case InviteeState.Failed: failed++; break;
                default: invited++; break;
            }
            if (i.IsOverdue(campaign, now)) overdue++;
        }
        return new CampaignCounts(total, toInvite, invited, enrolled, already, failed, unknown, overdue);
    }

    /// <summary>Everyone who got an invitation (or is getting reminded): invited, enrolled through it, unknown excluded.</summary>
    public int Reached => Invited + Enrolled;
}

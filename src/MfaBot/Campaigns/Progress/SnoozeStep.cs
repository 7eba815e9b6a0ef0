using MfaBot.Campaigns.Model;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Progress;

/// <summary>"Remind me tomorrow" on an invite: moves the person's next reminder, at most MaxSnoozes times. Identity from the turn only.</summary>
public sealed class SnoozeStep(CampaignStore store, EnrollmentTracker tracker, Transitions transitions, TimeProvider clock) : ICardStep
{
    public string Step => Steps.CampaignSnooze;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        var mine = await tracker.FindAsync(context.User, ct);
        if (mine.Count == 0)
        {
            await context.SayAsync("You have no open MFA invitation. Type **enroll** whenever you want to set up MFA.", ct);
            return;
        }
        if (mine.All(m => m.Invitee.State == InviteeState.Enrolled))
        {
            await context.SayAsync("You're all set: your MFA is already on, so there's nothing to remind you about.", ct);
            return;
        }
        DateTimeOffset? until = null;
        foreach (var (campaign, index, invitee) in mine)
        {
            var chunk = await store.UpdateChunkAsync(campaign.Id, index, c =>
            {
                var current = c.Invitees.FirstOrDefault(i => i.N == invitee.N);
                return current is not null && transitions.Snooze(current, clock.GetUtcNow()) is { } snoozed ? c.With(invitee.N, _ => snoozed) : null;
            }, ct);
            if (chunk?.Invitees.FirstOrDefault(i => i.N == invitee.N) is { DueAt: { } due }) until = due;
        }
        await context.SayAsync(until is { } at
            ? $"OK, I'll remind you again {PersonTime.When(at, await context.TimeZoneAsync(ct), clock.GetUtcNow())}. Or click **Set up MFA now** whenever you have two minutes."
            : "You can't postpone this any more: please set up MFA before the deadline. Click **Set up MFA now** or type **enroll**.", ct);
    }
}

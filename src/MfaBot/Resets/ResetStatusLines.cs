using MfaBot.Conversation;
using MfaBot.Enrollment;

namespace MfaBot.Resets;

/// <summary>The person's open reset request, as a line of "status".</summary>
public sealed class ResetStatusLines(ResetStore store, TimeProvider clock) : IStatusContributor
{
    public async Task<IReadOnlyList<string>> StatusLinesAsync(TurnContext context, CancellationToken ct)
    {
        if (await store.OpenForAsync(context.User, ct) is not { Value: var r }) return [];
        var state = r.Status switch
        {
            ResetStatus.Removing => $"was approved by {r.DecidedBy?.Name}; your old device is being removed",
            _ when r.Approvals.Count > 0 => $"has {r.Approvals.Count} of {r.RequiredApprovals} approvals; a second helpdesk member must approve",
            ResetStatus.Taken => $"is being handled by {r.TakenBy?.Name}, who will contact you",
            _ => "is waiting for the helpdesk, who will contact you",
        };
        return [$"Your MFA reset request {r.ShortId} (sent {PersonTime.When(r.CreatedAt, await context.TimeZoneAsync(ct), clock.GetUtcNow())}) {state}. Type cancel to withdraw it."];
    }
}

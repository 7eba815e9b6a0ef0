using MfaBot.Audit;
using MfaBot.Conversation;

namespace MfaBot.Campaigns;

/// <summary>Campaign entries in the audit trail: who started, confirmed or was refused; the campaign id as correlation.</summary>
public sealed class CampaignAudit(IAuditTrail trail)
{
    public Task RecordAsync(string action, ChatUser who, string? campaignId, AuditOutcome outcome, CancellationToken ct, string? detail = null) =>
        trail.RecordAsync(new AuditEvent
        {
            Actor = new AuditActor(who.Key, who.Name),
            Action = action,
            Outcome = outcome,
            Detail = detail,
            CorrelationId = campaignId,
        }, ct);
}

/// <summary>A card step handled by a method of a campaign service.</summary>
internal sealed class DelegateStep(string step, Func<TurnContext, CardAction, CancellationToken, Task> run) : ICardStep
{
    public string Step => step;

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => run(context, action, ct);
}

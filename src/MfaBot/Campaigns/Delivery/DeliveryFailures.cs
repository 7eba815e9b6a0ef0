using MfaBot.Audit;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using Microsoft.Extensions.Logging;

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// An invitation that will not be delivered: one structured log line and one audit event, each with the reason, so an
/// operator can tell "app not installed" from "blocked" without reading the store. The person is named in logs by
/// invitee number only, as elsewhere; the audit trail names their IAM user.
/// </summary>
public sealed partial class DeliveryFailures(IAuditTrail trail, ILogger<DeliveryFailures> logger)
{
    public const string AuditAction = "campaign.deliveryFailed";

    public async Task ReportAsync(Campaign campaign, Invitee invitee, CancellationToken ct)
    {
        var reason = invitee.Reason ?? FailureReason.Refused;
        LogFailed(logger, invitee.N, campaign.Id, reason);
        await trail.RecordAsync(new AuditEvent
        {
            Actor = AuditActor.System,
            Action = AuditAction,
            Outcome = AuditOutcome.Failure,
            IamUser = invitee.IamUser,
            Detail = $"invitee {invitee.N}: {reason}, {CampaignCards.Describe(reason)}",
            CorrelationId = campaign.Id,
        }, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invitation to invitee {N} of campaign {CampaignId} not delivered: {Reason}")]
    private static partial void LogFailed(ILogger logger, int n, string campaignId, FailureReason reason);
}

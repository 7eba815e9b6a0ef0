using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Delivery;

public enum SendOutcome
{
    Delivered,

    /// <summary>Not delivered, and trying again later may work.</summary>
    Retry,

    /// <summary>Not delivered, and never will be: <see cref="SendResult.Reason"/> says why.</summary>
    Failed,

    /// <summary>The platform may or may not have delivered it; it must not be sent again.</summary>
    Unknown,
}

public sealed record SendResult(SendOutcome Outcome, string? ConversationId = null, FailureReason? Reason = null, TimeSpan? RetryAfter = null);

/// <summary>One invitation or reminder: open the 1:1 if needed, send the card, classify any failure. Paced.</summary>
public sealed class InviteSender(ChannelAdapters channels, DeliveryPace pace, CampaignCards cards)
{
    public async Task<SendResult> SendAsync(Campaign campaign, Invitee invitee, SendKind kind, CancellationToken ct)
    {
        var user = invitee.User ?? throw new InvalidOperationException("An invitee without a chat identity cannot be messaged.");
        var adapter = channels.For(campaign.Origin);
        ConversationRef? conversation;
        if (invitee.ConversationId is { } known)
            conversation = campaign.Origin with { Id = known, IsPersonal = true };
        else
        {
            try
            {
                using (OutboundPacing.Use(pace.ForTenant(user)))
                    conversation = await adapter.OpenPersonalAsync(campaign.Origin, user, ct);
            }
            catch (ChannelDeliveryException e)
            {
                // Opening a 1:1 sends nothing the person sees, so it is always safe to try again.
                return new SendResult(SendOutcome.Retry, RetryAfter: e.RetryAfter);
            }
            if (conversation is null) return new SendResult(SendOutcome.Failed, Reason: FailureReason.BotNotInstalled);
        }

        try
        {
            using (OutboundPacing.Use(pace.ForConversation(user, conversation)))
                await adapter.SendAsync(conversation, cards.Invite(campaign, invitee, kind), ct);
            return new SendResult(SendOutcome.Delivered, conversation.Id);
        }
        catch (ChannelDeliveryException e) when (e.MayHaveBeenDelivered)
        {
            return new SendResult(SendOutcome.Unknown, conversation.Id);
        }
        catch (ChannelDeliveryException e)
        {
            return e.Failure switch
            {
                DeliveryFailure.Transient => new SendResult(SendOutcome.Retry, conversation.Id, RetryAfter: e.RetryAfter),
                DeliveryFailure.Blocked => new SendResult(SendOutcome.Failed, conversation.Id, FailureReason.Blocked),
                DeliveryFailure.NotFound => new SendResult(SendOutcome.Failed, conversation.Id, FailureReason.BotNotInstalled),
                _ => new SendResult(SendOutcome.Failed, conversation.Id, FailureReason.Refused),
            };
        }
    }
}

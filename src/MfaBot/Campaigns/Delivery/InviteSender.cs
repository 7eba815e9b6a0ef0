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

/// <summary>
/// One invitation or reminder, claimed as late as possible: open the 1:1 if needed (the person sees nothing, so it
/// needs no claim), wait for the message's rate slot, let the caller claim the send, then send it in that slot and
/// classify any failure. A crash thus leaves unknown only the sends that were on their way.
/// </summary>
public sealed class InviteSender(ChannelAdapters channels, DeliveryPace pace, CampaignCards cards)
{
    /// <param name="claim">Durably marks the send as leaving into the given conversation; the invitee as claimed, or null when it must not go out.</param>
    /// <param name="ct">Stops the steps before the claim; a claimed send always completes.</param>
    /// <returns>Null when the claim was refused: nothing happened that needs recording.</returns>
    public async Task<SendResult?> SendAsync(Campaign campaign, Invitee invitee, SendKind kind, Func<string, Task<Invitee?>> claim, CancellationToken ct)
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

        var slot = await pace.ReserveForConversationAsync(user, conversation, ct);
        if (await claim(conversation.Id) is not { } claimed) return null;
        try
        {
            using (OutboundPacing.Use(slot))
                await adapter.SendAsync(conversation, cards.Invite(campaign, claimed, kind), CancellationToken.None);
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

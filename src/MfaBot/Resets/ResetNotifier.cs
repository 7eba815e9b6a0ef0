using MfaBot.Audit;
using MfaBot.Conversation;
using Microsoft.Extensions.Logging;

namespace MfaBot.Resets;

/// <summary>
/// Everything the hand-off says to people outside the current turn: the helpdesk card (posted, re-posted,
/// updated in place), the requester and their manager. A failed delivery is logged and audited, never fatal.
/// </summary>
public sealed partial class ResetNotifier(ChannelAdapters channels, Helpdesk helpdesk, ResetStore store, ResetAudit audit,
    TimeProvider clock, ILogger<ResetNotifier> logger)
{
    /// <summary>Posts the request to the helpdesk (again); an earlier card is marked as re-posted.</summary>
    /// <returns>False when there is no helpdesk conversation or the post failed; the sweeper tries again.</returns>
    public async Task<bool> AnnounceAsync(ResetRequest request, CancellationToken ct)
    {
        var to = await helpdesk.ConversationForAsync(request.Conversation, ct) ?? request.HelpdeskConversation;
        if (to is null) return false;
        string? messageId;
        try
        {
            messageId = await channels.For(to).SendAsync(to, ResetCards.ForHelpdesk(request with { Announcements = request.Announcements + 1 }, clock.GetUtcNow()), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeliveryFailed(logger, e, "helpdesk", request.Id);
            await audit.RecordAsync("reset.announceFailed", ResetAudit.System, request, AuditOutcome.Failure, ct);
            await helpdesk.RecordDeliveryAsync(to, delivered: false, ct);
            return false;
        }
        await helpdesk.RecordDeliveryAsync(to, delivered: true, ct);
        var (written, before, _) = await store.UpdateAsync(request.Id, r => ResetChange.To(r with
        {
            HelpdeskConversation = to, HelpdeskMessageId = messageId, AnnouncedAt = clock.GetUtcNow(), Announcements = r.Announcements + 1,
        }), ct);
        if (written is null || before is null) return false;
        if (before.HelpdeskConversation is { } oldTo && before.HelpdeskMessageId is { } oldId)
            await UpdateCardAsync(oldTo, oldId, ResetCards.ForHelpdesk(written.Value, clock.GetUtcNow(), reposted: true), request.Id, ct);
        await audit.RecordAsync(before.Announcements == 0 ? "reset.announced" : "reset.reannounced", ResetAudit.System, written.Value, AuditOutcome.Success, ct);
        return true;
    }

    /// <summary>Shows the request's current state on the latest helpdesk card.</summary>
    public async Task RefreshCardAsync(ResetRequest request, CancellationToken ct)
    {
        if (request.HelpdeskConversation is { } to && request.HelpdeskMessageId is { } id)
            await UpdateCardAsync(to, id, ResetCards.ForHelpdesk(request, clock.GetUtcNow()), request.Id, ct);
    }

    public async Task TellPersonAsync(ResetRequest request, OutboundMessage message, CancellationToken ct)
    {
        try
        {
            await channels.For(request.Conversation).SendAsync(request.Conversation, message, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeliveryFailed(logger, e, "person", request.Id);
        }
    }

    /// <summary>The manager (IAM user tag) hears that their report's MFA was removed and by whom.</summary>
    public async Task TellManagerAsync(ResetRequest request, CancellationToken ct)
    {
        if (request.ManagerEmail is not { } email)
        {
            await audit.RecordAsync("reset.managerSkipped", ResetAudit.System, request, AuditOutcome.Success, ct, "no manager known for this IAM user");
            return;
        }
        try
        {
            var manager = await FindAsync(request, email, ct);
            var personal = manager is null ? null : await channels.For(request.Conversation).OpenPersonalAsync(request.Conversation, manager, ct);
            if (personal is null)
            {
                await audit.RecordAsync("reset.managerSkipped", ResetAudit.System, request, AuditOutcome.Failure, ct, "the manager could not be reached in chat");
                return;
            }
            await channels.For(personal).SendAsync(personal, OutboundMessage.Say(
                $"For your information: {request.DecidedBy?.Name ?? "the helpdesk"} removed the MFA device of the AWS user **{request.IamUserName}** " +
                $"({request.User.Name ?? request.Email}) at their request, after checking their identity. They were offered to set up a new device right away. " +
                "If this is unexpected, please contact the helpdesk."), ct);
            await audit.RecordAsync("reset.managerNotified", ResetAudit.System, request, AuditOutcome.Success, ct, $"manager {email}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeliveryFailed(logger, e, "manager", request.Id);
            await audit.RecordAsync("reset.managerSkipped", ResetAudit.System, request, AuditOutcome.Failure, ct, "delivery to the manager failed");
        }
    }

    /// <summary>
    /// Looked up where the person is, then in the helpdesk conversation (a team roster knows more people); a place
    /// that cannot be asked (the person's chat is gone) does not keep the other from being asked.
    /// </summary>
    private async Task<ChatUser?> FindAsync(ResetRequest request, string email, CancellationToken ct)
    {
        foreach (var where in new[] { request.Conversation, request.HelpdeskConversation })
        {
            if (where is null) continue;
            try
            {
                if (await channels.For(where).FindUserByEmailAsync(where, email, ct) is { } user) return user;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDeliveryFailed(logger, e, "manager lookup", request.Id);
            }
        }
        return null;
    }

    private async Task UpdateCardAsync(ConversationRef to, string messageId, OutboundMessage card, string requestId, CancellationToken ct)
    {
        try
        {
            await channels.For(to).UpdateAsync(to, messageId, card, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDeliveryFailed(logger, e, "helpdesk card", requestId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not deliver to the {Audience} for reset request {RequestId}")]
    private static partial void LogDeliveryFailed(ILogger logger, Exception e, string audience, string requestId);
}

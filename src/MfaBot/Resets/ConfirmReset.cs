using System.Security.Cryptography;
using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Iam;
using Microsoft.Extensions.Options;

namespace MfaBot.Resets;

/// <summary>"Send to helpdesk" on the confirmation card: creates the request (one per person) and posts it to the helpdesk.</summary>
public sealed class ConfirmReset(
    RequestReset checks, IIamGateway iam, ResetStore store, ResetNotifier notifier, ResetAudit audit,
    IOptions<ResetOptions> options, TimeProvider clock) : ICardStep
{
    public string Step => ResetSteps.Confirm;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        var problem = ResetReason.TryRead(action.Inputs.GetValueOrDefault(ResetSteps.ReasonInput), options.Value.MaxReasonLength, out var reason);
        if (problem is not null)
        {
            await context.SayAsync(problem + " Nothing was sent.", ct);
            return;
        }
        // Everything the request names is looked up again here (the helpdesk's reach too); the card carried only the reason.
        if (await checks.CheckAsync(context, ct) is not { } target) return;
        var requester = ResetAgent.Of(context.User, null);

        var user = await iam.GetUserAsync(target.IamUser, ct);
        var privileged = IsPrivileged(user);
        var request = new ResetRequest
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            User = context.User with { Name = target.DisplayName ?? context.User.Name },
            Email = target.Email,
            Conversation = context.Conversation,
            IamUserName = target.IamUser,
            Devices = target.Devices,
            Reason = reason,
            CreatedAt = clock.GetUtcNow(),
            Privileged = privileged,
            RequiresSecondApproval = privileged && options.Value.SecondApprovalForPrivileged,
            ManagerEmail = TagValue(user, options.Value.ManagerTagKey),
        };
        if (!await store.TryCreateAsync(request, ct))
        {
            await context.SayAsync("You already have an open reset request. Type **status** to see it or **cancel** to withdraw it.", ct);
            return;
        }
        await audit.RecordAsync("reset.requested", requester, request, AuditOutcome.Success, ct,
            $"{request.Devices.Count} device(s){(privileged ? ", privileged user" : "")}; reason: {reason}");
        // A failed post keeps the request: the sweeper posts it again, and the card tells the person so.
        var delivered = await notifier.AnnounceAsync(request, ct);

        var answered = ResetCards.Answered(target.IamUser, request.ShortId, delivered ? null : options.Value.HelpdeskContact);
        if (action.CardMessageId is { } cardId) await context.UpdateAsync(cardId, answered, ct);
        else await context.SendAsync(answered, ct);
    }

    private bool IsPrivileged(IamUser user) => options.Value.IsPrivilegedPath(user.Path) || options.Value.IsPrivilegedTag(user.Tags);

    private static string? TagValue(IamUser user, string key) =>
        user.Tags.FirstOrDefault(t => t.Key.Equals(key, StringComparison.Ordinal))?.Value is { Length: > 0 } value ? value.Trim() : null;
}

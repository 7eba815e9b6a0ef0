using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Identity;
using Microsoft.Extensions.Options;

namespace MfaBot.Resets;

/// <summary>"reset" / "I lost my phone": checks who and what, then asks the person to confirm with a reason.</summary>
public sealed class RequestReset(IIamGateway iam, IdentityMapper identities, ResetStore store, Helpdesk helpdesk, ResetAudit audit,
    IOptions<ResetOptions> options, TimeProvider clock) : ICommand, ICardStep
{
    /// <summary>The welcome's "I lost my phone" button.</summary>
    public string Step => Steps.ResetStart;

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => ExecuteAsync(context, "", ct);

    public IReadOnlyList<string> Phrases { get; } =
    [
        "reset", "reset mfa", "mfa reset", "reset my mfa", "lost phone", "lost my phone", "i lost my phone", "new phone",
        "i have a new phone", "i got a new phone", "phone stolen", "my phone was stolen", "replace phone", "replaced my phone",
    ];

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        if (await CheckAsync(context, ct) is not { } target) return;
        await context.SendAsync(ResetCards.Ask(target.IamUser, target.Devices, options.Value.MaxReasonLength, await context.TimeZoneAsync(ct), clock.GetUtcNow()), ct);
    }

    /// <summary>
    /// What a reset would act on: the person's IAM user and its devices. Null (after telling the person why)
    /// when this is not a private chat, a request is already open, the person is unknown or has no device, or the
    /// helpdesk cannot be reached (checked before the person is asked for a reason).
    /// </summary>
    public async Task<ResetTarget?> CheckAsync(TurnContext context, CancellationToken ct)
    {
        if (!context.Conversation.IsPersonal)
        {
            var personal = await context.Channel.OpenPersonalAsync(context.Conversation, context.User, ct);
            if (personal is not null)
                await context.Channel.SendAsync(personal, OutboundMessage.Say("You asked for an MFA reset in a shared conversation. Let's talk about it here, privately: type **reset** to begin."), ct);
            await context.SayAsync("I handle MFA resets only in a private chat. " + (personal is not null ? "I've sent you a private message." : "Please open a 1:1 chat with me and type **reset** there."), ct);
            return null;
        }
        if (await store.OpenForAsync(context.User, ct) is { } open)
        {
            await context.SayAsync($"You already have reset request {open.Value.ShortId}, sent {PersonTime.When(open.Value.CreatedAt, await context.TimeZoneAsync(ct), clock.GetUtcNow())}; the helpdesk will contact you. Type **status** to see it or **cancel** to withdraw it.", ct);
            return null;
        }
        var profile = await context.GetProfileAsync(ct);
        var match = await identities.MapAsync(profile, ct);
        if (match.IamUserName is not { } iamUser)
        {
            await context.SayAsync($"I can't find your AWS user: {match.Problem}. Please {ContactHint()}.", ct);
            return null;
        }
        var devices = await iam.ListMfaDevicesAsync(iamUser, ct);
        if (devices.Count == 0)
        {
            await context.SayAsync($"Your AWS user **{iamUser}** has no MFA device, so there is nothing to reset. Type **enroll** to set up your phone.", ct);
            return null;
        }
        if (await helpdesk.UnreachableAsync(context.Conversation, ct) is { } why)
        {
            await audit.RecordAsync("reset.unavailable", ResetAgent.Of(context.User, profile), null, AuditOutcome.Failure, ct,
                why == HelpdeskUnreachable.NotSetUp ? "no helpdesk conversation is registered or configured" : "the last post to the helpdesk failed", iamUser: iamUser);
            await context.SayAsync(Unreachable(why), ct);
            return null;
        }
        return new ResetTarget(iamUser, match.Email, [.. devices.Select(d => new ResetDevice(d.SerialNumber, d.EnableDate))], profile?.DisplayName);
    }

    private string ContactHint() =>
        options.Value.HelpdeskContact is { Length: > 0 } c ? $"contact your helpdesk directly: {c.Trim()}" : "contact your helpdesk directly (phone, email or their portal)";

    private string Unreachable(HelpdeskUnreachable why)
    {
        var contact = ContactHint();
        return why == HelpdeskUnreachable.NotSetUp
            ? $"I can't pass a reset request on: no helpdesk conversation is set up for me yet. Nothing was changed. Please {contact}. A helpdesk member can set one up by typing **register helpdesk** in their channel."
            : $"I can't reach the helpdesk right now: my last message to them did not go through. Nothing was changed. Please {contact}, or type **reset** again in a few minutes.";
    }
}

/// <param name="DisplayName">The person's name from the platform profile (a Slack payload carries only a handle).</param>
public sealed record ResetTarget(string IamUser, string? Email, IReadOnlyList<ResetDevice> Devices, string? DisplayName);

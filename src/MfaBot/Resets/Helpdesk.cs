using MfaBot.Conversation;
using MfaBot.Identity;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Resets;

/// <summary>
/// Who belongs to the helpdesk and where it is reached. Membership is decided from the platform-verified
/// identity (Entra object id, Slack user id) and the platform-reported email, never from card data.
/// </summary>
public sealed class Helpdesk(IStateStore store, IdentityMapper identities, IOptions<ResetOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The clicking person as an agent, with the IAM user their platform email maps to (so that one person's
    /// accounts are recognised as one), or null when they are not a helpdesk member.
    /// </summary>
    public async Task<ResetAgent?> AuthorizeAsync(TurnContext context, CancellationToken ct)
    {
        var user = context.User;
        var profile = await context.GetProfileAsync(ct);
        var email = profile?.Email ?? profile?.UserPrincipalName;
        var member = options.Value.HelpdeskMembers.Any(m => m.Matches(user, email));
        if (!member) return null;
        var match = await identities.MapAsync(profile, ct);
        return ResetAgent.Of(user, profile, match.IamUserName);
    }

    /// <summary>Where requests from <paramref name="origin"/>'s platform go: the registered conversation, else the configured id.</summary>
    public async Task<ConversationRef?> ConversationForAsync(ConversationRef origin, CancellationToken ct)
    {
        if (await store.GetAsync<HelpdeskRegistration>(HelpdeskRegistration.KeyFor(origin.Channel), ct) is { } registered)
            return registered.Value.Conversation;
        var configured = options.Value.HelpdeskConversation;
        return string.IsNullOrWhiteSpace(configured) ? null : origin with { Id = configured.Trim(), IsPersonal = false };
    }

    public async Task RegisterAsync(ConversationRef conversation, ResetAgent by, CancellationToken ct)
    {
        var key = HelpdeskRegistration.KeyFor(conversation.Channel);
        var existing = await store.GetAsync<HelpdeskRegistration>(key, ct);
        await store.PutAsync(key, new HelpdeskRegistration(conversation, by, clock.GetUtcNow()), existing?.ETag, ct);
    }
}

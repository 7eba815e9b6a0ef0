using MfaBot.Conversation;
using MfaBot.Identity;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Resets;

/// <summary>
/// Who belongs to the helpdesk and where it is reached. Membership is decided from the platform-verified
/// identity (Entra object id, Slack user id) and the platform-reported email, never from card data.
/// </summary>
public sealed partial class Helpdesk(IStateStore store, IdentityMapper identities, IOptions<ResetOptions> options, TimeProvider clock, ILogger<Helpdesk> logger)
{
    /// <summary>
    /// Tells the person who tried a helpdesk action why it did not happen, in their 1:1 chat: a refusal posted in the
    /// helpdesk conversation would crowd the requests and show colleagues someone's mistake.
    /// </summary>
    public async Task TellClickerAsync(TurnContext context, string text, CancellationToken ct)
    {
        if (!await context.SayPrivatelyAsync(text, ct)) LogNoPrivateChat(logger, context.Turn.Id);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Turn {TurnId}: a helpdesk action was refused, but no private chat with the person could be opened to say why")]
    private static partial void LogNoPrivateChat(ILogger logger, string turnId);

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
        // A newly registered conversation deserves a fresh try.
        await store.DeleteAsync(HelpdeskOutage.KeyFor(conversation.Channel), null, ct);
    }

    /// <summary>
    /// Why a person from <paramref name="origin"/> cannot reach the helpdesk now, or null when they can: asked before the
    /// person types anything, so that nobody describes their problem to a hand-off that goes nowhere.
    /// </summary>
    public async Task<HelpdeskUnreachable?> UnreachableAsync(ConversationRef origin, CancellationToken ct)
    {
        if (await ConversationForAsync(origin, ct) is not { } to) return HelpdeskUnreachable.NotSetUp;
        return await store.GetAsync<HelpdeskOutage>(HelpdeskOutage.KeyFor(to.Channel), ct) is { Value: var outage }
            && outage.ConversationId == to.Id && clock.GetUtcNow() - outage.FailedAt < OutageHold
                ? HelpdeskUnreachable.PostFailing
                : null;
    }

    /// <summary>
    /// How long a failed post keeps new requests from being started. The sweeper re-posts pending requests meanwhile,
    /// and any success ends the outage; after this the next person's request is the next try.
    /// </summary>
    public static readonly TimeSpan OutageHold = TimeSpan.FromMinutes(15);

    /// <summary>Remembers whether the last post to the helpdesk conversation went through.</summary>
    public async Task RecordDeliveryAsync(ConversationRef to, bool delivered, CancellationToken ct)
    {
        var key = HelpdeskOutage.KeyFor(to.Channel);
        var existing = await store.GetAsync<HelpdeskOutage>(key, ct);
        try
        {
            if (delivered)
            {
                if (existing is not null) await store.DeleteAsync(key, existing.ETag, ct);
            }
            else await store.PutAsync(key, new HelpdeskOutage(to.Id, clock.GetUtcNow()), existing?.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another post recorded its outcome at the same moment: either is a fair picture.
        }
    }
}

public enum HelpdeskUnreachable
{
    /// <summary>No conversation was registered with "register helpdesk" and none is configured.</summary>
    NotSetUp,

    /// <summary>The last post to the helpdesk conversation failed, recently.</summary>
    PostFailing,
}

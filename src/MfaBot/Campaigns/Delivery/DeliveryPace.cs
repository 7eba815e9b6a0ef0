using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// The budgets campaign traffic spends: one lane per (channel, tenant) at Campaigns:SendRatePerSecond and, for
/// messages into a conversation, one lane per conversation with Campaigns:PerConversation. Set as the ambient
/// <see cref="OutboundPacing"/> around a platform call, so every HTTP attempt (retries included) is paced.
/// </summary>
public sealed class DeliveryPace(SlidingWindowLimiter limiter, IOptions<CampaignOptions> options)
{
    private readonly CampaignOptions _options = options.Value;

    /// <summary>For calls that address no conversation yet, e.g. opening a 1:1.</summary>
    public IOutboundPace ForTenant(ChatUser who) => new Pace(limiter, [TenantLane(who)]);

    /// <summary>For messages into <paramref name="conversation"/>.</summary>
    public IOutboundPace ForConversation(ChatUser who, ConversationRef conversation) =>
        _options.PerConversation.Count == 0
            ? new Pace(limiter, [TenantLane(who)])
            : new Pace(limiter, [TenantLane(who), ($"{conversation.Channel}/conversation/{conversation.Id}",
                [.. _options.PerConversation.Select(w => new SlidingWindowLimiter.Rule(w.Limit, w.Window))])]);

    /// <summary>
    /// Waits for a message's slot in the lanes of <see cref="ForConversation"/> now; the returned pace lets the first
    /// request go in it at once, so the caller can record that the message is leaving between the wait and the request.
    /// </summary>
    public async Task<IOutboundPace> ReserveForConversationAsync(ChatUser who, ConversationRef conversation, CancellationToken ct)
    {
        var pace = ForConversation(who, conversation);
        await pace.WaitAsync(ct);
        return new Reserved(pace);
    }

    private (string, SlidingWindowLimiter.Rule[]) TenantLane(ChatUser who)
    {
        // Fractional rates (Slack tiers per minute) become a limit over a longer window.
        var rate = _options.RateFor(who.Channel);
        var spacing = new SlidingWindowLimiter.Rule(1, TimeSpan.FromSeconds(1 / rate), Padded: rate < 1);
        // Evenly spaced grants, not a burst each second: a burst's tail and the next burst's head, each delayed
        // differently on the way, could otherwise meet in one second at the platform.
        return ($"{who.Channel}/tenant/{who.TenantId}", rate >= 1
            ? [new SlidingWindowLimiter.Rule((int)Math.Floor(rate), TimeSpan.FromSeconds(Math.Floor(rate) / rate)), spacing]
            : [spacing]);
    }

    private sealed class Pace(SlidingWindowLimiter limiter, (string Key, SlidingWindowLimiter.Rule[] Rules)[] lanes) : IOutboundPace
    {
        public ValueTask WaitAsync(CancellationToken ct) => limiter.AcquireAsync(lanes, ct);

        // A 429 speaks for the tenant's budget: every campaign request to that tenant waits.
        public void Throttled(TimeSpan? retryAfter) => limiter.Pause(lanes[0].Key, retryAfter);
    }

    /// <summary>The first request goes in the slot already waited for; later ones (the channel's retries) wait for their own.</summary>
    private sealed class Reserved(IOutboundPace pace) : IOutboundPace
    {
        private int _used;

        public ValueTask WaitAsync(CancellationToken ct) => Interlocked.Exchange(ref _used, 1) == 0 ? ValueTask.CompletedTask : pace.WaitAsync(ct);

        public void Throttled(TimeSpan? retryAfter) => pace.Throttled(retryAfter);
    }
}

using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// The budgets campaign traffic spends: one lane per (channel, tenant) at Campaigns:SendRatePerSecond and, for
/// messages into a conversation, one lane per conversation with Campaigns:PerConversation. Set as the ambient
/// <see cref="OutboundPacing"/> around a platform call, so every HTTP attempt (retries included) is paced.
/// </summary>
public sealed class DeliveryPace(IPaceLedger ledger, TimeProvider clock, IOptions<CampaignOptions> options)
{
    private readonly CampaignOptions _options = options.Value;

    /// <summary>For calls that address no conversation yet, e.g. opening a 1:1.</summary>
    public IOutboundPace ForTenant(ChatUser who) => new Pace(ledger, clock, _options.PacingMargin, [TenantLane(who)]);

    /// <summary>For messages into <paramref name="conversation"/>.</summary>
    public IOutboundPace ForConversation(ChatUser who, ConversationRef conversation) => Lanes(who, conversation);

    private Pace Lanes(ChatUser who, ConversationRef conversation) =>
        _options.PerConversation.Count == 0
            ? new Pace(ledger, clock, _options.PacingMargin, [TenantLane(who)])
            : new Pace(ledger, clock, _options.PacingMargin, [TenantLane(who), new($"{conversation.Channel}/conversation/{conversation.Id}",
                [.. _options.PerConversation.Select(w => new PaceRule(w.Limit, w.Window))])]);

    /// <summary>
    /// Waits for a message's slot in the lanes of <see cref="ForConversation"/> now; the returned pace lets the first
    /// request go in it at once, so the caller can record that the message is leaving between the wait and the request.
    /// </summary>
    public async Task<IOutboundPace> ReserveForConversationAsync(ChatUser who, ConversationRef conversation, CancellationToken ct)
    {
        var pace = Lanes(who, conversation);
        var slot = await pace.WaitForSlotAsync(ct);
        return new Reserved(pace, clock, slot + _options.PacingMargin / 2);
    }

    private PaceLane TenantLane(ChatUser who)
    {
        // Fractional rates (Slack tiers per minute) become a limit over a longer window.
        var rate = _options.RateFor(who.Channel);
        var spacing = new PaceRule(1, TimeSpan.FromSeconds(1 / rate), Padded: rate < 1);
        // Evenly spaced grants, not a burst each second: a burst's tail and the next burst's head, each delayed
        // differently on the way, could otherwise meet in one second at the platform.
        return new($"{who.Channel}/tenant/{who.TenantId}", rate >= 1
            ? [new PaceRule((int)Math.Floor(rate), TimeSpan.FromSeconds(Math.Floor(rate) / rate)), spacing]
            : [spacing]);
    }

    private sealed class Pace(IPaceLedger ledger, TimeProvider clock, TimeSpan margin, PaceLane[] lanes) : IOutboundPace
    {
        public async ValueTask WaitAsync(CancellationToken ct) => await WaitForSlotAsync(ct);

        /// <summary>
        /// Waits for a slot and returns it. A slot already more than half the margin past when the wait ends (a slow
        /// round trip to the ledger, a busy machine) is left unused and the next one taken: a request that late could
        /// meet the following slots' requests in one window at the platform.
        /// </summary>
        public async ValueTask<DateTimeOffset> WaitForSlotAsync(CancellationToken ct)
        {
            while (true)
            {
                var slot = await ledger.ReserveAsync(lanes, ct);
                var wait = slot - clock.GetUtcNow();
                if (wait > TimeSpan.Zero) await Task.Delay(wait, clock, ct);
                if (clock.GetUtcNow() <= slot + margin / 2) return slot;
            }
        }

        // A 429 speaks for the tenant's budget: every campaign request to that tenant waits.
        public ValueTask ThrottledAsync(TimeSpan? retryAfter, CancellationToken ct) => ledger.PauseAsync(lanes[0].Key, retryAfter, ct);
    }

    /// <summary>
    /// The first request goes in the slot already waited for, unless the work in between (recording the send) took it
    /// past <paramref name="goBy"/>: a request that late could meet the next slots' requests in one window at the
    /// platform, so it takes a fresh slot. Later requests (the channel's retries) wait for their own.
    /// </summary>
    private sealed class Reserved(IOutboundPace pace, TimeProvider clock, DateTimeOffset goBy) : IOutboundPace
    {
        private int _used;

        public ValueTask WaitAsync(CancellationToken ct) =>
            Interlocked.Exchange(ref _used, 1) == 0 && clock.GetUtcNow() <= goBy ? ValueTask.CompletedTask : pace.WaitAsync(ct);

        public ValueTask ThrottledAsync(TimeSpan? retryAfter, CancellationToken ct) => pace.ThrottledAsync(retryAfter, ct);
    }
}

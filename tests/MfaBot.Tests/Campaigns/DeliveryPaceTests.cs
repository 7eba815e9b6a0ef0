using MfaBot.Campaigns;
using MfaBot.Campaigns.Delivery;
using MfaBot.Conversation;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Campaigns;

/// <summary>
/// A message's slot waited for before its claim is recorded: the first request goes in it, counted once, and the
/// channel's retries still wait for slots of their own. The clock stands still, so every slot is exact.
/// </summary>
public class DeliveryPaceTests
{
    private static readonly ChatUser Person = new("msteams", "29:person", "tenant-1", null, null);
    private static readonly ConversationRef Personal = new("msteams", "a:personal", true, new Dictionary<string, string>());

    [Fact]
    public async Task A_reserved_slot_serves_the_first_request_at_once_and_only_that_one()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        // One request a second; no margin, so the next slot is exactly one second after the last.
        var pace = new DeliveryPace(new SlidingWindowLimiter(clock, TimeSpan.Zero), clock, Options.Create(new CampaignOptions { SendRatePerSecond = 1 }));
        using var cancel = new CancellationTokenSource();

        var reserved = await pace.ReserveForConversationAsync(Person, Personal, cancel.Token);
        Assert.True(reserved.WaitAsync(cancel.Token).AsTask().IsCompletedSuccessfully, "the first request waited for a second slot");
        Assert.False(pace.ForTenant(Person).WaitAsync(cancel.Token).AsTask().IsCompleted, "the reserved slot was not counted");

        // Two seconds on, the slots at 0 s (reserved) and 1 s (taken just now) have passed: a new one is free at once,
        // so the first request took no slot of its own.
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True(pace.ForTenant(Person).WaitAsync(cancel.Token).AsTask().IsCompletedSuccessfully);

        var retry = reserved.WaitAsync(cancel.Token).AsTask();
        Assert.False(retry.IsCompleted, "a retry went without a slot");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retry);
    }

    [Fact]
    public async Task A_slot_missed_by_more_than_half_the_margin_is_not_used_the_request_waits_for_a_fresh_one()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);
        var margin = TimeSpan.FromMilliseconds(200);
        var pace = new DeliveryPace(new SlidingWindowLimiter(clock, margin), clock, Options.Create(new CampaignOptions { SendRatePerSecond = 1, PacingMargin = margin }));
        using var cancel = new CancellationTokenSource();

        var onTime = await pace.ReserveForConversationAsync(Person, Personal, cancel.Token);
        clock.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(onTime.WaitAsync(cancel.Token).AsTask().IsCompletedSuccessfully, "a request within half the margin of its slot waited");

        clock.Advance(TimeSpan.FromSeconds(5));
        var late = await pace.ReserveForConversationAsync(Person, Personal, cancel.Token);
        // Recording the send took longer than half the margin: the slot is stale, so the request takes the next one.
        clock.Advance(TimeSpan.FromMilliseconds(150));
        var request = late.WaitAsync(cancel.Token).AsTask();
        Assert.False(request.IsCompleted, "a request went 150 ms after its slot, past half the 200 ms margin");
        clock.Advance(TimeSpan.FromSeconds(1));
        await request.WaitAsync(TimeSpan.FromSeconds(10));
    }
}

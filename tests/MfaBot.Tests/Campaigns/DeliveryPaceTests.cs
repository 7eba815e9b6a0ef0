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
}

using MfaBot.Conversation;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;

namespace MfaBot.Enrollment;

/// <summary>
/// Tells the person their MFA is on. The device is enabled before this runs, so a failed delivery is never reported
/// as a failed turn (whose apology says nothing was changed): the notice is kept and delivered by the person's next
/// message, or by the sweeper's next pass, whichever comes first.
/// </summary>
public sealed partial class SuccessAnnouncer(IStateStore store, ChannelAdapters channels, ILogger<SuccessAnnouncer> logger) : IOwedReply
{
    // Every turn asks whether a success is owed, and almost never is one: this instance skips the store read once its
    // sweep found none and none was kept since. Another instance's notices are unknown here, so it starts out asking.
    private volatile bool _mayOwe = true;
    private int _kept;

    /// <summary>Closes the QR card and posts the success card below it; an undelivered success card is kept to retry.</summary>
    public async Task AnnounceAsync(SuccessNotice notice, ChatUser user, IChannelAdapter channel, CancellationToken ct)
    {
        if (await TryPostAsync(notice, channel, notice.Conversation, ct) is not { } left) return;
        try
        {
            var key = SuccessNotice.KeyFor(user);
            var older = await store.GetAsync<SuccessNotice>(key, ct);
            await store.PutAsync(key, left, older?.ETag, ct);
            // After the write: a sweep that started before it and did not list it must not decide nothing is owed.
            Interlocked.Increment(ref _kept);
            _mayOwe = true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Status still shows MFA on; only the announcement is lost.
            LogNotKept(logger, e);
        }
    }

    public async Task<bool> TryDeliverAsync(TurnContext context, CancellationToken ct)
    {
        // Only where the person talks to the bot alone: a shared chat is not the place for their MFA device.
        var key = SuccessNotice.KeyFor(context.User);
        if (!_mayOwe || !context.Conversation.IsPersonal || await store.GetAsync<SuccessNotice>(key, ct) is not { } owed) return false;
        // This turn's answer is the owed one: it says MFA is on, which is what the person is waiting to hear.
        await SettleAsync(key, owed, await TryPostAsync(owed.Value, context.Channel, context.Conversation, ct), ct);
        return true;
    }

    /// <summary>The sweeper's retry, for people who have not written since.</summary>
    public async Task RetryAllAsync(CancellationToken ct)
    {
        var kept = Volatile.Read(ref _kept);
        var left = false;
        await foreach (var key in store.ListKeysAsync(SuccessNotice.KeyPrefix, ct))
        {
            if (await store.GetAsync<SuccessNotice>(key, ct) is not { } owed) continue;
            var remaining = await TryPostAsync(owed.Value, channels.For(owed.Value.Conversation), owed.Value.Conversation, ct);
            await SettleAsync(key, owed, remaining, ct);
            left |= remaining is not null;
        }
        // Only if no notice was kept during the pass: one kept meanwhile may not have been listed.
        if (left) _mayOwe = true;
        else if (Volatile.Read(ref _kept) == kept) _mayOwe = false;
    }

    /// <returns>Null once the person has the news; else the notice to keep, with the QR card if it is still open.</returns>
    private async Task<SuccessNotice?> TryPostAsync(SuccessNotice notice, IChannelAdapter channel, ConversationRef where, CancellationToken ct)
    {
        // The QR card goes first, as it still shows the setup key; failing that only leaves it for the next try.
        var cardLeft = notice.QrCard;
        if (cardLeft is not null)
        {
            try
            {
                await channels.For(cardLeft.Conversation).UpdateAsync(cardLeft.Conversation, cardLeft.MessageId, EnrollmentCards.Finished(), ct);
                cardLeft = null;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogQrNotClosed(logger, e);
            }
        }
        try
        {
            await channel.SendAsync(where, EnrollmentCards.Done(notice), ct);
            // A card left open once the news is out is only logged, as when a setup closes (EnrollmentCloser).
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotDelivered(logger, e, notice.IamUserName);
            return notice with { QrCard = cardLeft };
        }
    }

    /// <summary>Forgets a delivered notice; keeps an undelivered one with what is left of it.</summary>
    private async Task SettleAsync(string key, Stored<SuccessNotice> owed, SuccessNotice? left, CancellationToken ct)
    {
        try
        {
            if (left is null) await store.DeleteAsync(key, owed.ETag, ct);
            else if (left != owed.Value) await store.PutAsync(key, left, owed.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Delivered by another turn or the sweeper at the same moment.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The success message for IAM user {IamUser} could not be delivered; MFA is on, and the next message or sweep retries it")]
    private static partial void LogNotDelivered(ILogger logger, Exception e, string iamUser);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The QR card of a finished enrollment could not be closed")]
    private static partial void LogQrNotClosed(ILogger logger, Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "A success message that could not be delivered could not be kept for later either")]
    private static partial void LogNotKept(ILogger logger, Exception e);
}

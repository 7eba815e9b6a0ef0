using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Enforcement;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;

namespace MfaBot.Enrollment;

/// <summary>
/// The end of a successful enrollment: record deleted, audit, enforcement, success card, listeners.
/// Used by the turn that enabled the device and by <see cref="EnablingRecovery"/> after that turn was cut off.
/// </summary>
public sealed partial class EnrollmentCompletion(
    IStateStore store, EnrollmentAudit audit, MfaEnforcer enforcer, SuccessAnnouncer announcer,
    IEnumerable<IEnrollmentListener> listeners, ILogger<EnrollmentCompletion> logger)
{
    /// <summary>
    /// Call only once IAM has enabled the device. Deleting the record is the claim: whoever deletes it tells the person,
    /// so a recovery racing the original turn never announces twice.
    /// </summary>
    /// <param name="listed">The device as ListMFADevices showed it; null when IAM has not listed it yet.</param>
    /// <returns>False when the record was gone (finished, cancelled or expired by someone else): nothing done.</returns>
    public async Task<bool> CompleteAsync(Stored<EnrollmentState> stored, IChannelAdapter channel, ConversationRef where,
        MfaDevice? listed, bool recovered, CancellationToken ct)
    {
        if (await ClaimAsync(stored, ct) is not { } state)
        {
            LogFinishedElsewhere(logger, stored.Value.Id);
            return false;
        }
        var serial = state.SerialNumber!;
        var detail = (listed is null ? "enabled; not yet listed by IAM" : "enabled and listed") + (recovered ? "; finished after an interruption" : "");
        await audit.RecordAsync("enrollment.completed", state.User, state.IamUserName, serial, AuditOutcome.Success, ct, detail: detail, correlationId: state.Id);
        // Only now that the device works may AWS start refusing requests made without it.
        var enforcement = await enforcer.EnforceAsync(state.IamUserName, new AuditActor(state.User.Key, state.User.Name), state.Id, ct);
        // One new message, the success card at the bottom of the chat; the QR card above is closed. Delivery never
        // throws: IAM has acted, and the listeners below must run whatever the chat platform does.
        await announcer.AnnounceAsync(new SuccessNotice(state.IamUserName, serial, enforcement, listed is not null,
            where, state.CardMessageId is { } cardId ? new SentCard(state.Conversation, cardId) : null), state.User, channel, ct);
        // After the person's message, since campaign bookkeeping reads every campaign; if this is cut off, the
        // campaigns' periodic IAM re-check marks the person instead.
        await NotifyListenersAsync(state.User, state.IamUserName, ct);
        return true;
    }

    /// <summary>
    /// Deletes the record at its ETag. If it changed meanwhile but is still this enrollment (a recovery reopened it
    /// while this turn was slow), the device is enabled all the same: claim the newer version.
    /// </summary>
    private async Task<EnrollmentState?> ClaimAsync(Stored<EnrollmentState> stored, CancellationToken ct)
    {
        var key = EnrollmentState.KeyFor(stored.Value.User);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                await store.DeleteAsync(key, stored.ETag, ct);
                return stored.Value;
            }
            catch (ConcurrencyConflictException)
            {
                if (await store.GetAsync<EnrollmentState>(key, ct) is not { } current || current.Value.Id != stored.Value.Id) return null;
                stored = current;
            }
        }
        return null;
    }

    private async Task NotifyListenersAsync(ChatUser user, string iamUser, CancellationToken ct)
    {
        foreach (var listener in listeners)
        {
            try
            {
                await listener.OnEnrolledAsync(user, iamUser, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogListenerFailed(logger, e, listener.GetType().Name);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrollment listener {Listener} failed; the enrollment itself succeeded")]
    private static partial void LogListenerFailed(ILogger logger, Exception e, string listener);

    [LoggerMessage(Level = LogLevel.Information, Message = "Enrollment {EnrollmentId} was already finished or closed by another turn; nothing more to say")]
    private static partial void LogFinishedElsewhere(ILogger logger, string enrollmentId);
}

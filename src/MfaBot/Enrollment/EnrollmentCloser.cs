using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;

namespace MfaBot.Enrollment;

/// <summary>
/// Ends an unfinished enrollment: the unassigned device is deleted in IAM, the QR card is replaced by one
/// without the QR, and the record (with its sealed seed) is deleted. Used by cancel, too many attempts and expiry.
/// </summary>
public sealed partial class EnrollmentCloser(IIamGateway iam, IStateStore store, ChannelAdapters channels,
    EnrollmentAudit audit, ILogger<EnrollmentCloser> logger)
{
    /// <returns>False when someone else changed or closed the enrollment first (nothing done).</returns>
    public async Task<bool> CloseAsync(Stored<EnrollmentState> stored, string outcome, OutboundMessage replacement, CancellationToken ct)
    {
        var state = stored.Value;
        try
        {
            await store.DeleteAsync(EnrollmentState.KeyFor(state.User), stored.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return false;
        }
        if (state.SerialNumber is { } serial)
        {
            try
            {
                await iam.DeleteVirtualMfaDeviceAsync(serial, ct);
            }
            catch (IamException e) when (e.Code == IamErrorCodes.NoSuchEntity)
            {
                // Already gone (removed in IAM by hand, or by an earlier pass): the record is deleted, so finish.
            }
            catch (IamException e)
            {
                // The sweeper's orphan pass deletes it later; the person is not held up.
                LogDeleteFailed(logger, e.Code, state.Id);
            }
        }
        if (state.CardMessageId is { } cardId)
        {
            try
            {
                await channels.For(state.Conversation).UpdateAsync(state.Conversation, cardId, replacement, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogCardReplaceFailed(logger, e, state.Id);
            }
        }
        await audit.RecordAsync("enrollment." + outcome, state.User, state.IamUserName, state.SerialNumber, AuditOutcome.Success, ct, correlationId: state.Id);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the device of enrollment {EnrollmentId} ({Code}); the sweeper will retry")]
    private static partial void LogDeleteFailed(ILogger logger, string code, string enrollmentId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not replace the QR card of enrollment {EnrollmentId}")]
    private static partial void LogCardReplaceFailed(ILogger logger, Exception e, string enrollmentId);
}

using MfaBot.Conversation;
using MfaBot.Storage;

namespace MfaBot.Enrollment;

/// <summary>
/// "cancel" or the card's Cancel button: removes the device and the QR; nothing changes on the IAM user.
/// With no setup in progress, "cancel" offers itself to other features (e.g. an open reset request).
/// </summary>
public sealed class CancelEnrollment(IStateStore store, EnrollmentCloser closer, EnablingRecovery recovery, IEnumerable<ICancellable> others)
    : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["cancel", "stop", "abort"];

    public string Step => Steps.EnrollCancel;

    public Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct) => CancelAsync(context, typed: true, ct);

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => CancelAsync(context, typed: false, ct);

    /// <param name="typed">Only the typed command reaches other features: the setup card's button cancels setups only.</param>
    private async Task CancelAsync(TurnContext context, bool typed, CancellationToken ct)
    {
        if (await store.GetAsync<EnrollmentState>(EnrollmentState.KeyFor(context.User), ct) is not { } stored)
        {
            foreach (var other in typed ? others : [])
                if (await other.TryCancelAsync(context, ct)) return;
            await context.SayAsync("There is nothing to cancel: you have no MFA setup in progress.", ct);
            return;
        }
        // AWS may be enabling the device this very moment (or did, before a crash): cancelling must not hide that.
        if (stored.Value.Phase == EnrollmentPhase.Enabling)
        {
            if (await recovery.SettleAsync(context, stored, ct) is not { } reopened) return;
            stored = reopened;
        }
        var closed = await closer.CloseAsync(stored, "cancelled",
            EnrollmentCards.Closed("MFA setup cancelled", "You cancelled this setup, so its QR code was removed."), ct);
        // The closed card above says what happened to it; this line says what it means.
        await context.SayAsync(closed
            ? "Cancelled: nothing was changed on your AWS user. Type **enroll** whenever you're ready."
            : "Your setup changed while I was cancelling it; type **status** to see where it stands.", ct);
    }
}

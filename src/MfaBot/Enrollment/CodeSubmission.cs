using MfaBot.Audit;
using System.Security.Cryptography;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Enrollment;

/// <summary>
/// Two codes for the person's own setup, however they arrived (card inputs, chat text): check locally, enable in IAM,
/// confirm with a list, show success. Identity and target always come from the stored enrollment.
/// </summary>
public sealed class CodeSubmission(
    IIamGateway iam, IStateStore store, EnrollmentSeeds seeds, EnrollmentCloser closer, EnrollmentAudit audit,
    EnrollmentCompletion completion, EnablingRecovery recovery, IOptions<EnrollmentOptions> options, TimeProvider clock)
{
    /// <summary>IAM refused the codes themselves (InvalidAuthenticationCode) on the first and only attempt.</summary>
    public const string CodesRefusedReply =
        "AWS did not accept these codes, so nothing was changed; they may have expired while you typed. Wait for a fresh code, then enter it and the one after it.";

    public const string NoSetupReply = "You have no MFA setup in progress. Type **enroll** to start one.";

    /// <summary>The person's setup once its device exists; null when there is none (or it is still being created).</summary>
    public async Task<Stored<EnrollmentState>?> FindAsync(ChatUser user, CancellationToken ct) =>
        await store.GetAsync<EnrollmentState>(EnrollmentState.KeyFor(user), ct) is { } stored && stored.Value.Phase != EnrollmentPhase.Creating
            ? stored
            : null;

    /// <summary>The setup ready to take codes, or null once the person was told why not (being checked, expired).</summary>
    public async Task<Stored<EnrollmentState>?> ReadyAsync(TurnContext context, Stored<EnrollmentState> stored, CancellationToken ct)
    {
        // Ahead of expiry: a turn still enabling may yet succeed. One cut off by a crash and reopened takes these codes.
        if (stored.Value.Phase == EnrollmentPhase.Enabling)
        {
            if (await recovery.SettleAsync(context, stored, ct) is not { } reopened) return null;
            stored = reopened;
        }
        if (!stored.Value.IsExpired(clock.GetUtcNow())) return stored;
        await closer.CloseAsync(stored, "expired", StartEnrollment.ExpiredCard(), ct);
        await context.SayAsync("This MFA setup has expired and its QR code was removed; nothing was changed. Type **enroll** to start again.", ct);
        return null;
    }

    public static Task RefuseAsync(TurnContext context, string problem, CancellationToken ct) =>
        context.SayAsync(problem + " Nothing was sent to AWS; please enter the codes again.", ct);

    public async Task SubmitAsync(TurnContext context, Stored<EnrollmentState> stored, string code1, string code2, CancellationToken ct)
    {
        var seedKey = seeds.Unprotect(stored.Value);
        try
        {
            var verdict = CodeCheck.Evaluate(seedKey, code1, code2, clock.GetUtcNow());
            if (verdict != CodeVerdict.Consecutive)
            {
                await CountFailureAsync(context, stored, CodeCheck.Explain(verdict), ct);
                return;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedKey);
        }
        await EnableAsync(context, stored, code1, code2, ct);
    }

    private async Task EnableAsync(TurnContext context, Stored<EnrollmentState> stored, string code1, string code2, CancellationToken ct)
    {
        var key = EnrollmentState.KeyFor(context.User);
        var state = stored.Value with { Phase = EnrollmentPhase.Enabling, EnablingSince = clock.GetUtcNow(), ProtectedFirstCode = null };
        string etag;
        try
        {
            etag = await store.PutAsync(key, state, stored.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            await context.SayAsync("Your codes are already being checked; one moment.", ct);
            return;
        }
        var serial = state.SerialNumber!;
        try
        {
            await iam.EnableMfaDeviceAsync(state.IamUserName, serial, code1, code2, ct);
        }
        catch (IamException e) when (e.Code is IamErrorCodes.InvalidAuthenticationCode or IamErrorCodes.EntityTemporarilyUnmodifiable && !e.MayHaveApplied)
        {
            var awaiting = new Stored<EnrollmentState>(state with { Phase = EnrollmentPhase.AwaitingCodes, EnablingSince = null }, etag);
            await audit.RecordAsync("iam.EnableMFADevice", context.User, state.IamUserName, serial, AuditOutcome.Failure, ct, e.RequestId, e.Code, state.Id);
            await CountFailureAsync(context, awaiting, CodesRefusedReply, ct);
            return;
        }
        catch (IamException e)
        {
            // A timeout, server failure, lost connection or a refusal after a retry does not say whether AWS applied
            // the call: ask IAM.
            await audit.RecordAsync("iam.EnableMFADevice", context.User, state.IamUserName, serial, AuditOutcome.Failure, ct, e.RequestId, e.Code, state.Id);
            var (outcome, _) = await recovery.ResolveUnclearReplyAsync(new Stored<EnrollmentState>(state, etag), ct);
            var reply = outcome switch
            {
                EnablingOutcome.Reopened => NotEnabledReply(e),
                EnablingOutcome.Unavailable => UndecidedReply(e.Code),
                _ => null, // Completed: the success card was sent. Moved: whoever settled it told the person.
            };
            if (reply is not null) await context.SayAsync(reply, ct);
            return;
        }

        var confirmed = await ConfirmAsync(state.IamUserName, serial, ct);
        await completion.CompleteAsync(new Stored<EnrollmentState>(state, etag), context.Channel, context.Conversation, confirmed, recovered: false, ct);
    }

    /// <summary>After an unclear failure IAM was asked, and the device is not enabled: the same QR takes new codes.</summary>
    public static string NotEnabledReply(IamException e) =>
        $"Your device was not enabled: {IamFailureWords.What(e)}. I checked with AWS: your device is not on, and nothing was changed on your AWS user. " +
        (IamFailureWords.Later(e) is { } later ? $"Your QR code is still valid: {later}, enter two new codes from your app in its card." : IamFailureWords.Retry(e));

    /// <summary>The record stays in Enabling; once it counts as interrupted, the sweeper asks IAM again and tells the person.</summary>
    public static string UndecidedReply(string code) =>
        $"AWS did not confirm whether it enabled your device ({code}), and I can't reach AWS right now to check. " +
        "There is nothing more for you to do: I'll tell you here once AWS answers, within a few minutes. You can type **status** meanwhile.";

    /// <summary>IAM is eventually consistent: look for the device a few times before giving up.</summary>
    private async Task<MfaDevice?> ConfirmAsync(string userName, string serial, CancellationToken ct)
    {
        for (var attempt = 0; attempt < options.Value.ConfirmAttempts; attempt++)
        {
            if (attempt > 0) await Task.Delay(options.Value.ConfirmDelay, clock, ct);
            IReadOnlyList<MfaDevice> devices;
            try
            {
                devices = await iam.ListMfaDevicesAsync(userName, ct);
            }
            catch (IamException)
            {
                // The device is enabled already; a failed check only means it is not confirmed yet.
                continue;
            }
            if (devices.FirstOrDefault(d => d.SerialNumber == serial) is { } device) return device;
        }
        return null;
    }

    /// <summary>A wrong pair spends an attempt; a first code typed earlier is used up with it.</summary>
    private async Task CountFailureAsync(TurnContext context, Stored<EnrollmentState> stored, string explanation, CancellationToken ct)
    {
        var state = stored.Value with { FailedAttempts = stored.Value.FailedAttempts + 1, ProtectedFirstCode = null };
        var left = options.Value.MaxFailedAttempts - state.FailedAttempts;
        if (left > 0)
        {
            await store.PutAsync(EnrollmentState.KeyFor(context.User), state, stored.ETag, ct);
            await context.SayAsync($"{explanation} ({left} attempt{(left == 1 ? "" : "s")} left.)", ct);
            return;
        }
        var until = clock.GetUtcNow() + options.Value.Cooldown;
        var closed = await closer.CloseAsync(new Stored<EnrollmentState>(state, stored.ETag), "tooManyAttempts",
            EnrollmentCards.Closed("MFA setup stopped", "Too many wrong codes were entered, so this QR code was removed."), ct);
        if (!closed) return;
        await PutCooldownAsync(context.User, until, ct);
        await context.SayAsync($"{explanation} That was the last attempt: I stopped this setup and removed its QR code; nothing was changed on your AWS user. You can start again {PersonTime.When(until, await context.TimeZoneAsync(ct), clock.GetUtcNow())} by typing **enroll**.", ct);
    }

    private async Task PutCooldownAsync(ChatUser user, DateTimeOffset until, CancellationToken ct)
    {
        var key = EnrollmentCooldown.KeyFor(user);
        var existing = await store.GetAsync<EnrollmentCooldown>(key, ct);
        await store.PutAsync(key, new EnrollmentCooldown(until), existing?.ETag, ct);
    }
}

using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Enrollment;

/// <summary>
/// Settles an enrollment left in <see cref="EnrollmentPhase.Enabling"/> by a turn that died (crash, kill -9,
/// redeploy) between storing that phase and finishing. Only IAM knows whether EnableMFADevice went through: if the
/// device is listed, the enrollment finishes as a normal success; if not, it goes back to waiting for codes (the
/// device and QR are still valid). Younger than <see cref="InterruptedAfter"/>, a turn (here or on another instance)
/// may still be working on it, and it is left alone. Every change is made at the record's ETag, so two settlers
/// (turns, sweeper, instances) never both act. The enabling turn asks the same question when its own EnableMFADevice
/// call ended without a clear answer (<see cref="ResolveUnclearReplyAsync"/>).
/// </summary>
public sealed partial class EnablingRecovery(
    IIamGateway iam, IStateStore store, EnrollmentCompletion completion, ChannelAdapters channels, EnrollmentAudit audit,
    IOptions<IamOptions> iamOptions, IOptions<EnrollmentOptions> options, TimeProvider clock, ILogger<EnablingRecovery> logger)
{
    public const string InProgressReply = "I'm already checking your codes with AWS; one moment.";

    public const string ReopenedReply =
        "I was interrupted while checking your codes with AWS, and AWS did not enable your device. Your QR code is still valid: enter two fresh codes from your app in its card.";

    public const string UnavailableReply =
        "I was interrupted while checking your codes with AWS, and AWS is not answering right now, so I can't tell yet whether it enabled your device. " +
        "There is nothing more for you to do: I'll tell you here once AWS answers, within a few minutes. You can type **status** meanwhile.";

    /// <summary>
    /// Longer than the enabling turn can take: one EnableMFADevice call with every retry (the IAM client's own
    /// limit), the confirming list calls, and a minute for the store writes and a busy machine.
    /// </summary>
    public TimeSpan InterruptedAfter { get; } =
        iamOptions.Value.LongestCall() + (options.Value.ConfirmDelay * options.Value.ConfirmAttempts) + TimeSpan.FromMinutes(1);

    public bool IsInterrupted(EnrollmentState state) => state.IsEnablingInterrupted(clock.GetUtcNow(), InterruptedAfter);

    /// <summary>
    /// For a turn that met an enrollment in Enabling. Returns it reopened (AwaitingCodes) when IAM had not enabled
    /// the device, saying nothing; otherwise null, once the person knows where things stand: still being checked,
    /// finished (success card and closing line), or AWS unreachable.
    /// </summary>
    public async Task<Stored<EnrollmentState>?> SettleAsync(TurnContext context, Stored<EnrollmentState> stored, CancellationToken ct)
    {
        var (outcome, reopened) = IsInterrupted(stored.Value) ? await ResolveAsync(stored, ct) : (EnablingOutcome.InProgress, null);
        var reply = outcome switch
        {
            EnablingOutcome.InProgress or EnablingOutcome.Moved => InProgressReply,
            EnablingOutcome.Unavailable => UnavailableReply,
            _ => null,
        };
        if (reply is not null) await context.SayAsync(reply, ct);
        return reopened;
    }

    /// <summary>Asks IAM how an interrupted Enabling ended and acts on it; call only when <see cref="IsInterrupted"/>.</summary>
    public Task<(EnablingOutcome Outcome, Stored<EnrollmentState>? Reopened)> ResolveAsync(Stored<EnrollmentState> stored, CancellationToken ct) =>
        DecideAsync(stored, interrupted: true, ct);

    /// <summary>
    /// For the enabling turn itself, when EnableMFADevice failed without a clear refusal (timeout, server failure,
    /// dropped connection): AWS may have applied it before the reply was lost. Same decision as after an interruption;
    /// on <see cref="EnablingOutcome.Unavailable"/> the record stays in Enabling, for the sweeper once it is interrupted.
    /// </summary>
    public Task<(EnablingOutcome Outcome, Stored<EnrollmentState>? Reopened)> ResolveUnclearReplyAsync(Stored<EnrollmentState> stored, CancellationToken ct) =>
        DecideAsync(stored, interrupted: false, ct);

    private async Task<(EnablingOutcome Outcome, Stored<EnrollmentState>? Reopened)> DecideAsync(Stored<EnrollmentState> stored, bool interrupted, CancellationToken ct)
    {
        var state = stored.Value;
        var cause = interrupted ? "was left enabling by an interrupted turn" : "got an unclear reply to EnableMFADevice";
        IReadOnlyList<MfaDevice> devices;
        try
        {
            devices = await iam.ListMfaDevicesAsync(state.IamUserName, ct);
        }
        catch (IamException e)
        {
            LogUnavailable(logger, state.Id, cause, e.Code);
            return (EnablingOutcome.Unavailable, null);
        }
        if (devices.FirstOrDefault(d => d.SerialNumber == state.SerialNumber) is { } device)
        {
            LogDecided(logger, state.Id, cause, true);
            var finished = await completion.CompleteAsync(stored, channels.For(state.Conversation), state.Conversation, device, recovered: interrupted, ct);
            return (finished ? EnablingOutcome.Completed : EnablingOutcome.Moved, null);
        }
        var awaiting = state with { Phase = EnrollmentPhase.AwaitingCodes, EnablingSince = null };
        string etag;
        try
        {
            etag = await store.PutAsync(EnrollmentState.KeyFor(state.User), awaiting, stored.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return (EnablingOutcome.Moved, null);
        }
        LogDecided(logger, state.Id, cause, false);
        // After an unclear reply the failed EnableMFADevice call is in the audit already.
        if (interrupted)
            await audit.RecordAsync("enrollment.interrupted", state.User, state.IamUserName, state.SerialNumber, AuditOutcome.Failure, ct,
                detail: "enabling was cut off before AWS enabled the device; waiting for fresh codes", correlationId: state.Id);
        return (EnablingOutcome.Reopened, new Stored<EnrollmentState>(awaiting, etag));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrollment {EnrollmentId} {Cause}; IAM lists its device: {Enabled}")]
    private static partial void LogDecided(ILogger logger, string enrollmentId, string cause, bool enabled);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Enrollment {EnrollmentId} {Cause}; IAM could not be asked ({Code}), trying later")]
    private static partial void LogUnavailable(ILogger logger, string enrollmentId, string cause, string code);
}

public enum EnablingOutcome
{
    /// <summary>Young enough that a turn may still be enabling it: left alone.</summary>
    InProgress,

    /// <summary>IAM had enabled the device: finished as a success.</summary>
    Completed,

    /// <summary>IAM had not: back to waiting for two codes.</summary>
    Reopened,

    /// <summary>IAM could not be asked: nothing changed.</summary>
    Unavailable,

    /// <summary>Someone else changed the record first: nothing done here.</summary>
    Moved,
}

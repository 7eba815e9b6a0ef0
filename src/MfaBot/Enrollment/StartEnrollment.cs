using MfaBot.Audit;
using System.Security.Cryptography;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Identity;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Enrollment;

/// <summary>"enroll": checks who and where, creates the device, shows the QR card.</summary>
public sealed class StartEnrollment(
    IIamGateway iam, IStateStore store, IdentityMapper identities, EnrollmentSeeds seeds, EnrollmentCloser closer,
    EnrollmentAudit audit, EnablingRecovery recovery, IOptions<EnrollmentOptions> options, TimeProvider clock) : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["enroll", "enrol", "start", "set up mfa", "setup mfa", "setup", "set up"];

    public string Step => Steps.EnrollStart;

    public Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct) => StartAsync(context, ct);

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => StartAsync(context, ct);

    private async Task StartAsync(TurnContext context, CancellationToken ct)
    {
        if (!context.Conversation.IsPersonal)
        {
            await MoveToPrivateChatAsync(context, ct);
            return;
        }
        var now = clock.GetUtcNow();
        if (await store.GetAsync<EnrollmentCooldown>(EnrollmentCooldown.KeyFor(context.User), ct) is { } cooldown && cooldown.Value.Until > now)
        {
            var minutes = (int)Math.Ceiling((cooldown.Value.Until - now).TotalMinutes);
            await context.SayAsync($"Too many wrong codes were entered, so enrollment is paused for you. Please try again in {minutes} minute(s).", ct);
            return;
        }
        if (await store.GetAsync<EnrollmentState>(EnrollmentState.KeyFor(context.User), ct) is { } existing)
        {
            string? note = null;
            if (existing.Value.Phase == EnrollmentPhase.Enabling)
            {
                if (await recovery.SettleAsync(context, existing, ct) is not { } reopened) return;
                existing = reopened;
                note = EnablingRecovery.ReopenedReply;
            }
            // A setup whose device creation was cut off (crash, redeploy) has no QR to show: start afresh at once
            // rather than holding the person up until it expires.
            var interrupted = existing.Value.IsCreationInterrupted(now, recovery.InterruptedAfter);
            if (!existing.Value.IsExpired(now) && !interrupted)
            {
                await ShowAgainAsync(context, existing, note, ct);
                return;
            }
            await closer.CloseAsync(existing, interrupted ? "creationInterrupted" : "expired", ExpiredCard(), ct);
        }

        var match = await identities.MapAsync(await context.GetProfileAsync(ct), ct);
        if (match.IamUserName is not { } iamUser)
        {
            await audit.RecordAsync("enrollment.unmapped", context.User, null, null, AuditOutcome.Denied, ct, detail: "no IAM user for this person");
            await context.SayAsync($"I can't set up MFA for you: {match.Problem}. Please ask your AWS administrator to link your chat account to your IAM user, then type **enroll** again.", ct);
            return;
        }
        var devices = await iam.ListMfaDevicesAsync(iamUser, ct);
        if (devices.Count > 0)
        {
            var device = devices[0];
            await context.SayAsync($"Your AWS user **{iamUser}** already has MFA ({device.SerialNumber}, enabled {PersonTime.DayText(device.EnableDate, await context.TimeZoneAsync(ct), now)}), so there is nothing to set up. Type **status** for details; if you lost your phone, type **reset** to ask the helpdesk for a new device.", ct);
            return;
        }
        await CreateAndShowAsync(context, iamUser, now, ct);
    }

    private async Task CreateAndShowAsync(TurnContext context, string iamUser, DateTimeOffset now, CancellationToken ct)
    {
        var state = new EnrollmentState
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            User = context.User,
            Conversation = context.Conversation,
            IamUserName = iamUser,
            StartedAt = now,
            ExpiresAt = now + options.Value.Lifetime,
        };
        var key = EnrollmentState.KeyFor(context.User);
        string etag;
        try
        {
            etag = await store.PutAsync(key, state, null, ct);
        }
        catch (ConcurrencyConflictException)
        {
            await context.SayAsync("You already have an MFA setup in progress: enter the two codes in the card above, or type **cancel** to start over.", ct);
            return;
        }

        if (await CreateDeviceAsync(context, state, etag, now, ct) is not { } device) return;

        using (device.Seed)
        {
            var seedKey = device.Seed.RevealKey();
            try
            {
                state = state with { SerialNumber = device.SerialNumber, ProtectedSeed = seeds.Protect(state.Id, seedKey), Phase = EnrollmentPhase.AwaitingCodes };
                etag = await store.PutAsync(key, state, etag, ct);
                await audit.RecordAsync("enrollment.started", context.User, iamUser, device.SerialNumber, AuditOutcome.Success, ct, correlationId: state.Id);
                var cardId = await context.SendAsync(EnrollmentCards.Qr(state, seeds.UriFor(state, seedKey), await context.TimeZoneAsync(ct), clock.GetUtcNow()), ct);
                await store.PutAsync(key, state with { CardMessageId = cardId }, etag, ct);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(seedKey);
            }
        }
    }

    /// <summary>
    /// Creates the setup's device, or tells the person why not and drops the setup. An unclear failure (no answer, a
    /// server failure, a refusal after a retry) may hide a device AWS made: its seed went with the lost answer, so one
    /// fresh device is made under a name of its own; the unanswered one is unassigned and tagged, and the sweeper
    /// deletes it. Either way the person's AWS user is unchanged.
    /// </summary>
    private async Task<CreatedVirtualMfaDevice?> CreateDeviceAsync(TurnContext context, EnrollmentState state, string etag, DateTimeOffset now, CancellationToken ct)
    {
        IReadOnlyList<IamTag> tags = [new IamTag(DeviceTags.User, state.IamUserName), new IamTag(DeviceTags.Created, now.ToString("O")), new IamTag(DeviceTags.Enrollment, state.Id)];
        for (var round = 0; ; round++)
        {
            try
            {
                return await iam.CreateVirtualMfaDeviceAsync(IamNames.DeviceNameFor(state.IamUserName, state.Id.Substring(round * 8, 8)), options.Value.DevicePath, tags, ct);
            }
            catch (IamException e) when (round == 0 && e.MayHaveApplied && e.Code != IamErrorCodes.LimitExceeded)
            {
                await audit.RecordAsync("enrollment.createUnclear", context.User, state.IamUserName, null, AuditOutcome.Failure, ct, e.RequestId, e.Code, state.Id);
            }
            catch (IamException e)
            {
                await store.DeleteAsync(EnrollmentState.KeyFor(context.User), etag, ct);
                await audit.RecordAsync("enrollment.createFailed", context.User, state.IamUserName, null, AuditOutcome.Failure, ct, e.RequestId, e.Code, state.Id);
                await context.SayAsync(CreateFailedReply(e, unclear: round > 0 || e.MayHaveApplied), ct);
                return null;
            }
        }
    }

    /// <summary>What a person reads when AWS did not create their device.</summary>
    public static string CreateFailedReply(IamException e, bool unclear) => e.Code == IamErrorCodes.LimitExceeded
        ? "AWS refused to create another MFA device: your user or the account has reached its device limit (LimitExceeded). Nothing was changed on your AWS user. Please contact your AWS administrator."
        : $"I couldn't create your MFA device: {IamFailureWords.What(e)}. Nothing was changed on your AWS user" +
          (unclear ? "; if AWS made a device before its answer was lost, it is unused and I'll remove it. " : ". ") + IamFailureWords.Retry(e, "enroll");

    /// <summary>
    /// "enroll" during a setup: the person may have lost sight of the card (scrolled away, other device), so the
    /// same QR comes again at the bottom and the old card is closed. Nothing new is created in IAM.
    /// </summary>
    /// <param name="note">Why the card comes again, shown on it (one message, not a line and then the card).</param>
    private async Task ShowAgainAsync(TurnContext context, Stored<EnrollmentState> existing, string? note, CancellationToken ct)
    {
        var state = existing.Value;
        if (state.Phase == EnrollmentPhase.Creating)
        {
            await context.SayAsync(CreatingReply, ct);
            return;
        }
        if (state.Phase != EnrollmentPhase.AwaitingCodes || state.Conversation.Id != context.Conversation.Id)
        {
            await context.SayAsync("You already have an MFA setup in progress: enter the two codes in its card, or type **cancel** to start over.", ct);
            return;
        }
        var seedKey = seeds.Unprotect(state);
        try
        {
            var cardId = await context.SendAsync(EnrollmentCards.Qr(state, seeds.UriFor(state, seedKey), await context.TimeZoneAsync(ct), clock.GetUtcNow(), note), ct);
            try
            {
                await store.PutAsync(EnrollmentState.KeyFor(context.User), state with { CardMessageId = cardId }, existing.ETag, ct);
            }
            catch (ConcurrencyConflictException)
            {
                // The setup moved on meanwhile (codes, cancel) and its state owns the other cards; nothing would ever
                // remove this copy of the QR, so it is closed here.
                if (cardId is not null)
                    await context.UpdateAsync(cardId, EnrollmentCards.Closed("MFA setup moved on", "This copy of the QR code is no longer needed.", "Follow the latest message in this chat."), ct);
                return;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seedKey);
        }
        if (state.CardMessageId is { } oldCard)
            await context.UpdateAsync(oldCard, EnrollmentCards.Closed("MFA setup moved", "This setup continues in the newest card below.", "Scan the QR code there and enter two codes."), ct);
    }

    private static async Task MoveToPrivateChatAsync(TurnContext context, CancellationToken ct)
    {
        var personal = await context.Channel.OpenPersonalAsync(context.Conversation, context.User, ct);
        if (personal is not null)
            await context.Channel.SendAsync(personal, OutboundMessage.Say("You asked me to set up MFA in a shared conversation. For your security I show QR codes only here, in our private chat: type **enroll** to begin."), ct);
        await context.SayAsync(personal is not null
            ? "For your security I only show MFA codes in a private chat. I've sent you a private message; let's continue there."
            : "For your security I only show MFA codes in a private chat. Please open a 1:1 chat with me and type **enroll** there.", ct);
    }

    public const string CreatingReply = "I'm still creating your MFA device with AWS; your QR code will appear here in a moment.";

    public static OutboundMessage ExpiredCard() =>
        EnrollmentCards.Closed("MFA setup expired", "This QR code was valid for a limited time and has been removed.");
}

/// <summary>Tags on devices the bot creates, so the sweeper can tell its own abandoned devices from anyone else's.</summary>
public static class DeviceTags
{
    public const string User = "mfabot:user";
    public const string Created = "mfabot:created";
    public const string Enrollment = "mfabot:enrollment";
}

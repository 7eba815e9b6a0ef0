using System.Text.Json.Nodes;
using MfaBot.Conversation;
using MfaBot.Enforcement;
using MfaBot.Iam;
using MfaBot.Identity;
using MfaBot.Storage;

namespace MfaBot.Enrollment;

/// <summary>"status": the person's IAM user, its MFA devices and any setup in progress.</summary>
public sealed class StatusCommand(IIamGateway iam, IStateStore store, IdentityMapper identities, MfaEnforcer enforcer,
    EnablingRecovery recovery, TimeProvider clock, IEnumerable<IStatusContributor> contributors) : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["status", "my status", "mfa status"];

    /// <summary>The welcome's "Check my status" button.</summary>
    public string Step => Steps.Status;

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => ExecuteAsync(context, "", ct);

    public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
    {
        // Settled first, so the devices listed below include one a crash kept the person from hearing about.
        // What it finds is told on the status card, so the turn stays one message.
        var pending = await store.GetAsync<EnrollmentState>(EnrollmentState.KeyFor(context.User), ct);
        string? settled = null;
        if (pending is not null && recovery.IsInterrupted(pending.Value))
        {
            var (outcome, reopened) = await recovery.ResolveAsync(pending, ct);
            if (outcome == EnablingOutcome.Completed) return; // the success card was this turn's message
            if (reopened is not null)
            {
                pending = reopened;
                if (!reopened.Value.IsExpired(clock.GetUtcNow())) settled = EnablingRecovery.ReopenedReply;
            }
            else if (outcome == EnablingOutcome.Unavailable) settled = EnablingRecovery.UnavailableReply;
        }
        var match = await identities.MapAsync(await context.GetProfileAsync(ct), ct);
        if (match.IamUserName is not { } iamUser)
        {
            await context.SayAsync($"I can't find your AWS user: {match.Problem}. Please ask your AWS administrator to link your chat account to your IAM user.", ct);
            return;
        }
        var devices = await iam.ListMfaDevicesAsync(iamUser, ct);
        var zone = await context.TimeZoneAsync(ct);
        var now = clock.GetUtcNow();
        var data = new JsonObject
        {
            ["userName"] = iamUser,
            ["hasMfa"] = devices.Count > 0,
            ["devices"] = new JsonArray(devices.Select(d => (JsonNode)new JsonObject { ["serialNumber"] = d.SerialNumber }
                .WithDay("enabledAt", d.EnableDate, zone, now)).ToArray()),
        };
        if (await enforcer.IsEnforcedAsync(iamUser, ct) is { } enforced)
        {
            data["enforced"] = enforced;
            data["enforcement"] = enforced
                ? "MFA is required at sign-in: AWS refuses your requests made without MFA, apart from setting MFA up."
                : "MFA is not yet required at sign-in for your AWS user.";
        }
        if (settled is not null) data["enrollment"] = settled;
        else if (pending is not null && !pending.Value.IsExpired(clock.GetUtcNow()))
            data["enrollment"] = pending.Value.Phase switch
            {
                EnrollmentPhase.Enabling => "Your codes are being checked with AWS right now; type status again in a moment.",
                EnrollmentPhase.Creating when pending.Value.IsCreationInterrupted(clock.GetUtcNow(), recovery.InterruptedAfter) =>
                    "An MFA setup was interrupted before its QR code was shown; type enroll to start again.",
                EnrollmentPhase.Creating => "Your MFA device is being created with AWS; its QR code will appear in a moment.",
                _ => $"An MFA setup is in progress (its QR code expires {PersonTime.When(pending.Value.ExpiresAt, zone, now)}): enter two codes in its card or send them here, or type cancel.",
            };
        var notes = new JsonArray();
        foreach (var contributor in contributors)
            foreach (var line in await contributor.StatusLinesAsync(context, ct)) notes.Add(line);
        if (notes.Count > 0) data["notes"] = notes;
        await context.SendAsync(OutboundMessage.Show("status", data), ct);
    }
}

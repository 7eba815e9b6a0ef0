using MfaBot.Audit;
using System.Globalization;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Enrollment;

/// <summary>
/// Ends expired enrollments (device deleted, QR removed, person told), settles enrollments a crash left enabling
/// (<see cref="EnablingRecovery"/>), and deletes devices the bot created that were never enabled — e.g. after a
/// crash between CreateVirtualMFADevice and saving the enrollment. It also retries success messages that could not
/// be delivered (<see cref="SuccessAnnouncer"/>).
/// Every instance ticks; the lease lets one of them sweep at a time.
/// </summary>
public sealed partial class EnrollmentSweeper(
    IStateStore store, IIamGateway iam, EnrollmentCloser closer, EnablingRecovery recovery, SuccessAnnouncer announcer, ChannelAdapters channels, EnrollmentAudit audit,
    IOptions<EnrollmentOptions> options, ILeaseManager leases, IOptions<CoordinationOptions> coordination,
    TimeProvider clock, ILogger<EnrollmentSweeper> logger) : LeasedSweeper(leases, coordination, logger)
{
    protected override string LeaseName => "sweeper/enrollment";

    protected override TimeSpan Interval => options.Value.SweepInterval;

    public override async Task SweepAsync(CancellationToken ct)
    {
        var open = await ExpireEnrollmentsAsync(ct);
        await announcer.RetryAllAsync(ct);
        await DeleteOrphanDevicesAsync(open, ct);
    }

    /// <returns>The devices of the enrollments this pass found: not orphans, however old (closing one deletes its device).</returns>
    private async Task<HashSet<string>> ExpireEnrollmentsAsync(CancellationToken ct)
    {
        var open = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var key in store.ListKeysAsync("enrollment/", ct))
        {
            if (await store.GetAsync<EnrollmentState>(key, ct) is not { } stored) continue;
            if (stored.Value.SerialNumber is { } serial) open.Add(serial);
            if (stored.Value.Phase == EnrollmentPhase.Enabling)
            {
                // A turn may still be enabling it, even past expiry; once surely cut off, IAM says how it ended.
                if (!recovery.IsInterrupted(stored.Value)) continue;
                var (_, reopened) = await recovery.ResolveAsync(stored, ct);
                if (reopened is null) continue; // Finished (the person was told), taken by someone else, or IAM unreachable: next pass.
                stored = reopened;
                if (!stored.Value.IsExpired(clock.GetUtcNow()))
                {
                    await channels.For(stored.Value.Conversation).SendAsync(stored.Value.Conversation, OutboundMessage.Say(EnablingRecovery.ReopenedReply), ct);
                    continue;
                }
            }
            if (!stored.Value.IsExpired(clock.GetUtcNow())) continue;
            if (!await closer.CloseAsync(stored, "expired", StartEnrollment.ExpiredCard(), ct)) continue;
            await channels.For(stored.Value.Conversation).SendAsync(stored.Value.Conversation,
                OutboundMessage.Say("Your MFA setup expired before it was finished, so I removed its QR code. Nothing was changed on your AWS user; type **enroll** to start again."), ct);
        }
        return open;
    }

    private async Task DeleteOrphanDevicesAsync(HashSet<string> open, CancellationToken ct)
    {
        // Older than an enrollment can live, plus a margin for clock differences between instances.
        var cutoff = clock.GetUtcNow() - options.Value.Lifetime - TimeSpan.FromMinutes(1);
        var marker = $":mfa{options.Value.DevicePath}";
        foreach (var device in await iam.ListVirtualMfaDevicesAsync(MfaAssignmentStatus.Unassigned, ct))
        {
            // An open enrollment's device is closed with its enrollment (person told, card replaced), never here: a pass
            // that began before an enrollment expired must not take its device and leave the person's card behind.
            if (!device.SerialNumber.Contains(marker, StringComparison.Ordinal) || open.Contains(device.SerialNumber)) continue;
            var created = device.Tags.FirstOrDefault(t => t.Key == DeviceTags.Created)?.Value;
            if (created is null || !DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) || at > cutoff) continue;
            try
            {
                await iam.DeleteVirtualMfaDeviceAsync(device.SerialNumber, ct);
                await audit.RecordAsync("enrollment.orphanDeleted", SweeperActor, device.Tags.FirstOrDefault(t => t.Key == DeviceTags.User)?.Value,
                    device.SerialNumber, AuditOutcome.Success, ct);
            }
            catch (IamException e) when (e.Code is IamErrorCodes.NoSuchEntity or IamErrorCodes.DeleteConflict)
            {
                // Gone already, or enabled meanwhile by its owner: either way nothing to clean.
            }
            catch (IamException e)
            {
                // AWS failing on one device must not keep the others: the next pass tries this one again.
                LogOrphanDeleteFailed(logger, device.SerialNumber, e.Code);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete the abandoned device {SerialNumber} ({Code}); the next sweep tries again")]
    private static partial void LogOrphanDeleteFailed(ILogger logger, string serialNumber, string code);

    private static readonly ChatUser SweeperActor = new("system", "sweeper", null, null, "MfaBot sweeper");
}

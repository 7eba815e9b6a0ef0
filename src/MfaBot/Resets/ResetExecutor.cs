using MfaBot.Audit;
using MfaBot.Enforcement;
using MfaBot.Iam;

namespace MfaBot.Resets;

/// <summary>
/// Carries out an approved reset: deactivates each listed device and deletes the virtual ones (hardware devices
/// are only deactivated), then tells the person, the helpdesk and the manager. On an IAM failure the request
/// goes back to waiting with the error shown, so an agent can approve again. The person stays in the MFA
/// enforcement group, so AWS refuses their work until they enroll again; the notice says so.
/// </summary>
public sealed class ResetExecutor(IIamGateway iam, ResetStore store, ResetNotifier notifier, ResetAudit audit, MfaEnforcer enforcer, TimeProvider clock)
{
    public async Task CarryOutAsync(ResetRequest removing, CancellationToken ct)
    {
        var agent = removing.DecidedBy ?? ResetAudit.System;
        await notifier.RefreshCardAsync(removing, ct);
        if (await RemoveDevicesAsync(removing, agent, ct) is { } failure)
        {
            var (back, _, _) = await store.UpdateAsync(removing.Id, r => r.Status == ResetStatus.Removing
                ? ResetChange.To(r with { Status = ResetStatus.Taken, Approvals = [], DecidedBy = null, DecidedAt = null, LastError = HelpdeskWords(failure) })
                : ResetChange.Refuse("changed meanwhile"), ct);
            await audit.RecordAsync("reset.failed", agent, removing, AuditOutcome.Failure, ct, $"IAM answered {failure.Code}");
            if (back is not null) await notifier.RefreshCardAsync(back.Value, ct);
            return;
        }
        var (done, _, _) = await store.UpdateAsync(removing.Id, r => r.Status == ResetStatus.Removing
            ? ResetChange.To(r with { Status = ResetStatus.Completed, LastError = null })
            : ResetChange.Refuse("changed meanwhile"), ct);
        if (done is null) return;
        var completed = done.Value;
        await audit.RecordAsync("reset.completed", agent, completed, AuditOutcome.Success, ct, $"{completed.Devices.Count} device(s) removed");
        await notifier.RefreshCardAsync(completed, ct);
        var stillEnforced = await enforcer.IsEnforcedAsync(completed.IamUserName, ct) == true;
        await notifier.TellPersonAsync(completed, ResetCards.Removed(completed, null, clock.GetUtcNow(), stillEnforced), ct);
        await notifier.TellManagerAsync(completed, ct);
    }

    /// <summary>
    /// What the helpdesk card says after a failed removal: that it was AWS, when approving again can help, and that a
    /// device removed before the failure stays removed (the next approval counts a device already gone as done).
    /// </summary>
    private static string HelpdeskWords(IamException e) =>
        $"{IamFailureWords.What(e)}. " +
        (IamFailureWords.Later(e) is { } later ? $"Approve again {later}" : $"Approving again won't help until your AWS administrator has looked at it (error {e.Code})") +
        "; a device already removed stays removed";

    /// <returns>null when every device is gone, else IAM's failure.</returns>
    private async Task<IamException?> RemoveDevicesAsync(ResetRequest r, ResetAgent agent, CancellationToken ct)
    {
        foreach (var device in r.Devices)
        {
            var failure = await CallAsync("iam.DeactivateMFADevice", r, agent, device, () => iam.DeactivateMfaDeviceAsync(r.IamUserName, device.SerialNumber, ct), ct)
                ?? (device.IsVirtual ? await CallAsync("iam.DeleteVirtualMFADevice", r, agent, device, () => iam.DeleteVirtualMfaDeviceAsync(device.SerialNumber, ct), ct) : null);
            if (failure is not null) return failure;
        }
        return null;
    }

    /// <summary>One audited IAM call; a device that is already gone counts as done (a retry after a crash).</summary>
    private async Task<IamException?> CallAsync(string action, ResetRequest r, ResetAgent agent, ResetDevice device, Func<Task> call, CancellationToken ct)
    {
        try
        {
            await call();
            await audit.RecordAsync(action, agent, r, AuditOutcome.Success, ct, serial: device.SerialNumber);
            return null;
        }
        catch (IamException e) when (e.Code == IamErrorCodes.NoSuchEntity)
        {
            await audit.RecordAsync(action, agent, r, AuditOutcome.Success, ct, "already gone", device.SerialNumber, e.RequestId);
            return null;
        }
        catch (IamException e)
        {
            await audit.RecordAsync(action, agent, r, AuditOutcome.Failure, ct, e.Code, device.SerialNumber, e.RequestId);
            return e;
        }
    }
}

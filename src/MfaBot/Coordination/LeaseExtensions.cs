namespace MfaBot.Coordination;

public static class LeaseExtensions
{
    /// <summary>
    /// Runs <paramref name="work"/> if this instance gets the lease <paramref name="name"/>, renewing it every third
    /// of <paramref name="duration"/> while the work runs and releasing it after. If a renewal fails (the store was
    /// unreachable for longer than the lease), the work's token is cancelled, since another instance may start.
    /// </summary>
    /// <returns>False when another instance holds the lease (nothing was run).</returns>
    public static async Task<bool> RunExclusiveAsync(this ILeaseManager leases, string name, TimeSpan duration,
        Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var lease = await leases.TryAcquireAsync(name, duration, cancellationToken);
        if (lease is null) return false;
        using var lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var done = new CancellationTokenSource();
        var renewal = KeepRenewedAsync(leases, lease, duration, lost, done.Token);
        try
        {
            await work(lost.Token);
        }
        finally
        {
            await done.CancelAsync();
            lease = await renewal;
            if (lease is not null) await leases.ReleaseAsync(lease, CancellationToken.None);
        }
        return true;
    }

    /// <returns>The latest lease when the work ended, or null when it was lost.</returns>
    private static async Task<Lease?> KeepRenewedAsync(ILeaseManager leases, Lease lease, TimeSpan duration, CancellationTokenSource lost, CancellationToken done)
    {
        while (true)
        {
            try
            {
                await Task.Delay(duration / 3, done);
            }
            catch (OperationCanceledException)
            {
                return lease;
            }
            Lease? renewed;
            try
            {
                renewed = await leases.RenewAsync(lease, duration, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                renewed = null;
            }
            if (renewed is null)
            {
                await lost.CancelAsync();
                return null;
            }
            lease = renewed;
        }
    }
}

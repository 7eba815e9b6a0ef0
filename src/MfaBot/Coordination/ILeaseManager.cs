namespace MfaBot.Coordination;

/// <summary>A held lease: valid until <see cref="ExpiresAt"/> unless renewed; the ETag proves it is still ours.</summary>
public sealed record Lease(string Name, string Owner, DateTimeOffset ExpiresAt, string ETag);

/// <summary>
/// Named, expiring, exclusive leases shared by every instance on one state store, so background work runs on
/// one instance at a time. A crashed holder's lease simply expires. Instances' clocks must agree to well within
/// a lease's duration (NTP). Use <see cref="LeaseExtensions.RunExclusiveAsync"/> rather than these directly.
/// </summary>
public interface ILeaseManager
{
    /// <summary>This process's owner id, written into the leases it holds.</summary>
    string OwnerId { get; }

    /// <returns>The lease, or null when another owner holds it and it has not expired.</returns>
    Task<Lease?> TryAcquireAsync(string name, TimeSpan duration, CancellationToken cancellationToken);

    /// <returns>The extended lease, or null when it was lost (expired and taken, or released).</returns>
    Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives the lease up early; does nothing if it was already lost.</summary>
    Task ReleaseAsync(Lease lease, CancellationToken cancellationToken);
}

using MfaBot.Storage;

namespace MfaBot.Coordination;

/// <summary>
/// Leases as state entries "lease/{name}" holding owner and expiry; every change is an ETag-checked write, so of
/// two instances racing for a free or expired lease exactly one wins.
/// </summary>
public sealed class StoreLeaseManager(IStateStore store, InstanceIdentity instance, TimeProvider clock) : ILeaseManager
{
    private const string Prefix = "lease/";

    internal sealed record LeaseRecord(string Owner, DateTimeOffset ExpiresAt);

    public string OwnerId => instance.Id;

    public async Task<Lease?> TryAcquireAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var current = await store.GetAsync<LeaseRecord>(Prefix + name, cancellationToken);
        if (current is not null && current.Value.ExpiresAt > clock.GetUtcNow()) return null;
        return await WriteAsync(name, duration, current?.ETag, cancellationToken);
    }

    public Task<Lease?> RenewAsync(Lease lease, TimeSpan duration, CancellationToken cancellationToken) =>
        WriteAsync(lease.Name, duration, lease.ETag, cancellationToken);

    public async Task ReleaseAsync(Lease lease, CancellationToken cancellationToken)
    {
        try
        {
            await store.DeleteAsync(Prefix + lease.Name, lease.ETag, cancellationToken);
        }
        catch (ConcurrencyConflictException)
        {
            // Expired and taken by another instance: it is theirs now.
        }
    }

    private async Task<Lease?> WriteAsync(string name, TimeSpan duration, string? etag, CancellationToken cancellationToken)
    {
        var record = new LeaseRecord(OwnerId, clock.GetUtcNow() + duration);
        try
        {
            var newETag = await store.PutAsync(Prefix + name, record, etag, cancellationToken);
            return new Lease(name, OwnerId, record.ExpiresAt, newETag);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }
}

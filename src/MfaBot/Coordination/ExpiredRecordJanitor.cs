using MfaBot.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

/// <summary>Records under <see cref="Prefix"/> carry an ExpiresAt and are deleted by <see cref="ExpiredRecordJanitor"/> once past it.</summary>
public sealed record ExpiringRecords(string Prefix)
{
    internal sealed record Expiry(DateTimeOffset? ExpiresAt);
}

/// <summary>
/// Deletes expired records now and then, on one instance at a time: duplicate-guard claims, hosted QR images, export
/// links. Most are removed when used or replaced; this catches the ones nobody came back for, so nothing that
/// expired stays at rest.
/// </summary>
public sealed partial class ExpiredRecordJanitor(IEnumerable<ExpiringRecords> kinds, IStateStore store, TimeProvider clock, ILeaseManager leases,
    IOptions<CoordinationOptions> options, ILogger<ExpiredRecordJanitor> logger) : LeasedSweeper(leases, options, logger)
{
    protected override string LeaseName => "janitor/expired";

    private readonly TimeSpan _interval = options.Value.JanitorInterval;

    protected override TimeSpan Interval => _interval;

    public override async Task SweepAsync(CancellationToken ct)
    {
        foreach (var prefix in kinds.Select(k => k.Prefix).Distinct(StringComparer.Ordinal))
        {
            var deleted = 0;
            await foreach (var key in store.ListKeysAsync(prefix, ct))
            {
                if (await store.GetAsync<ExpiringRecords.Expiry>(key, ct) is not { Value.ExpiresAt: { } expires } record || expires > clock.GetUtcNow()) continue;
                try
                {
                    await store.DeleteAsync(key, record.ETag, ct);
                    deleted++;
                }
                catch (ConcurrencyConflictException)
                {
                    // Renewed or taken over meanwhile: it is live.
                }
            }
            if (deleted > 0) LogDeleted(logger, deleted, prefix);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired records under {Prefix}")]
    private static partial void LogDeleted(ILogger logger, int count, string prefix);
}

public static class ExpiringRecordsServiceCollectionExtensions
{
    /// <summary>Has the janitor delete expired records under <paramref name="prefix"/>; each record needs an ExpiresAt.</summary>
    public static IServiceCollection AddExpiringRecords(this IServiceCollection services, string prefix)
    {
        services.AddSingleton(new ExpiringRecords(prefix));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ExpiredRecordJanitor>());
        return services;
    }
}

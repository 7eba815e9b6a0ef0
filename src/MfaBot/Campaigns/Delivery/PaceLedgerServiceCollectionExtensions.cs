using MfaBot.Campaigns.Delivery.Postgres;
using MfaBot.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MfaBot.Campaigns.Delivery;

public static class PaceLedgerServiceCollectionExtensions
{
    /// <summary>
    /// The ledger that matches "Storage:Provider": PostgreSQL is shared by any number of instances, so their sends
    /// must be counted together there; a File store serves one instance, whose memory is enough.
    /// </summary>
    public static IServiceCollection AddPaceLedger(this IServiceCollection services, IConfiguration configuration)
    {
        static TimeSpan Margin(IServiceProvider sp) => sp.GetRequiredService<IOptions<CampaignOptions>>().Value.PacingMargin;
        if (configuration.GetSection(StorageOptions.Section).Get<StorageOptions>()?.IsPostgres == true)
        {
            services.AddSingleton<IPaceLedger>(sp => new PostgresPaceLedger(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<TimeProvider>(), Margin(sp)));
            services.AddHostedService<PaceLaneJanitor>();
        }
        else
        {
            services.AddSingleton<IPaceLedger>(sp => new SlidingWindowLimiter(sp.GetRequiredService<TimeProvider>(), Margin(sp)));
        }
        return services;
    }
}

using MfaBot.Audit.Export;
using MfaBot.Audit.Table;
using MfaBot.Audit.Table.Postgres;
using MfaBot.Audit.Table.Sqlite;
using MfaBot.Configuration;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Resets;
using MfaBot.Storage;
using MfaBot.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MfaBot.Audit;

public static class AuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IAuditTrail"/>: the table mfabot_audit in the state database (Sqlite, Postgres), or JSON
    /// lines under "&lt;Storage:DataFolder&gt;/audit" for the legacy File provider; and the "audit export" command.
    /// </summary>
    /// <param name="configuration">The root configuration (reads sections "Storage" and "Audit").</param>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddLogging();
        services.AddStateStore(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditTable>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (storage.IsPostgres) return new PostgresAuditTable(sp.GetRequiredService<NpgsqlDataSource>());
            return sp.GetRequiredService<IStateStore>() is SqliteStateStore sqlite
                ? new SqliteAuditTable(sqlite.Database)
                : throw new InvalidOperationException("The audit table needs Storage:Provider Sqlite or Postgres; the File provider writes .jsonl files.");
        });
        services.TryAddSingleton<IAuditTrail>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.IsDatabase
            ? ActivatorUtilities.CreateInstance<TableAuditTrail>(sp)
            : ActivatorUtilities.CreateInstance<JsonLinesAuditTrail>(sp));
        services.AddOptions<AuditOptions>().Bind(configuration.GetSection(AuditOptions.Section))
            .Validate(o => o.Admins.All(m => !m.IsEmpty), "Each Audit:Admins entry needs an AadObjectId, an Email or a SlackUserId.")
            .ValidateAnnotations(AuditOptions.Section).ValidateOnStart();
        services.AddOptions<ResetOptions>();
        services.AddExpiringRecords(AuditExport.Prefix);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ICommand, AuditExportCommand>());
        return services;
    }
}

using System.Text.Json;
using MfaBot.Audit.Table;
using MfaBot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Support;

/// <summary>The audit trail of a running bot: its table in id order (or, on the legacy File provider, its .jsonl lines).</summary>
public static class AuditRows
{
    public static List<AuditRow> Read(IServiceProvider services) =>
        services.GetRequiredService<IAuditTable>().ReadAsync(null, null, CancellationToken.None).ToBlockingEnumerable().ToList();

    /// <summary>Each event as one JSON object per string, as the former .jsonl lines were (camelCase, typed fields).</summary>
    public static List<string> Lines(IServiceProvider services)
    {
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (!storage.IsDatabase)
        {
            var folder = Path.Combine(storage.FullDataFolder, "audit");
            return [.. Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadAllLines).Where(l => l.Length > 0)];
        }
        return [.. Read(services).Select(r => JsonSerializer.Serialize(r.Event, StateJson.Options))];
    }
}

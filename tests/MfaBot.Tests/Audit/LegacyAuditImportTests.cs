using MfaBot.Audit.Table;
using MfaBot.Audit.Table.Sqlite;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Audit;

/// <summary>The former .jsonl trail goes into mfabot_audit when SQLite first opens the data folder.</summary>
public sealed class LegacyAuditImportTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    private string AuditFolder => Directory.CreateDirectory(Path.Combine(_root.Path, "audit")).FullName;

    private static string Line(string correlationId, string time) =>
        $$"""{"time":"{{time}}","actor":{"id":"29:a"},"action":"enrollment.started","outcome":"Success","correlationId":"{{correlationId}}"}""";

    [Fact]
    public async Task Lines_are_chained_in_file_and_line_order_with_their_times_and_the_folder_moves()
    {
        File.WriteAllLines(Path.Combine(AuditFolder, "audit-2025-01-02.jsonl"), [Line("c3", "2025-01-02T00:00:01+00:00")]);
        File.WriteAllLines(Path.Combine(AuditFolder, "audit-2025-01-01.jsonl"), [Line("c1", "2025-01-01T10:00:00+00:00"), Line("c2", "2025-01-01T09:00:00+00:00")]);

        using var store = SqliteStateStore.Open(_root.Path);

        var table = new SqliteAuditTable(store.Database);
        var rows = await table.ReadAsync(null, null, CancellationToken.None).ToListAsync();
        Assert.Equal(["c1", "c2", "c3"], rows.Select(r => r.Event.CorrelationId));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero), rows[1].Event.Time);
        Assert.True((await AuditChain.VerifyAsync(table, CancellationToken.None)).IsIntact);
        Assert.Equal(3, store.ImportedAuditEvents);
        Assert.False(Directory.Exists(Path.Combine(_root.Path, "audit")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(_root.Path, $"imported-{DateTime.UtcNow:yyyy-MM-dd}", "audit"), "*.jsonl").Length);
    }

    [Fact]
    public void A_bad_line_stops_the_start_naming_file_and_line_and_imports_nothing()
    {
        File.WriteAllLines(Path.Combine(AuditFolder, "audit-2025-01-01.jsonl"), [Line("c1", "2025-01-01T10:00:00+00:00"), "{\"time\":", Line("c3", "2025-01-01T11:00:00+00:00")]);
        var file = Path.Combine(AuditFolder, "audit-2025-01-01.jsonl");

        var e = Assert.Throws<InvalidOperationException>(() => SqliteStateStore.Open(_root.Path));

        Assert.Contains($"{file} line 2", e.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
        using var readOnly = SqliteStateStore.OpenReadOnly(_root.Path);
        Assert.Empty(new SqliteAuditTable(readOnly.Database).ReadAsync(null, null, CancellationToken.None).ToBlockingEnumerable());
    }
}

using MfaBot.Audit.Table;
using MfaBot.Audit.Table.Sqlite;
using MfaBot.Storage.Sqlite;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Audit;

public sealed class SqliteAuditTableTests : AuditTableContract, IDisposable
{
    private readonly TempFolder _root = new();
    private readonly SqliteStateStore _store;

    public SqliteAuditTableTests() => _store = SqliteStateStore.Open(_root.Path);

    public void Dispose()
    {
        _store.Dispose();
        _root.Dispose();
    }

    protected override Task<IAuditTable> TableAsync() => Task.FromResult<IAuditTable>(new SqliteAuditTable(_store.Database));

    protected override Task TamperAsync(string sql) => ExecuteAsync(
        "DROP TRIGGER mfabot_audit_no_update; DROP TRIGGER mfabot_audit_no_delete; " + sql);

    protected override Task ExecuteAsync(string sql)
    {
        using var connection = _store.Database.Connect();
        SqliteDatabase.Execute(connection, sql);
        return Task.CompletedTask;
    }
}

/// <summary>The trail in front of the table: validation, time stamping, the log line.</summary>
public sealed class TableAuditTrailTests : IDisposable
{
    private readonly TempFolder _root = new();
    private readonly SqliteStateStore _store;
    private readonly RecordingLoggerProvider _logs = new();

    public TableAuditTrailTests() => _store = SqliteStateStore.Open(_root.Path);

    public void Dispose()
    {
        _store.Dispose();
        _root.Dispose();
    }

    private (TableAuditTrail Trail, IAuditTable Table) Create()
    {
        var table = new SqliteAuditTable(_store.Database);
        var logger = LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger<TableAuditTrail>();
        return (new TableAuditTrail(table, new ManualTimeProvider(new DateTimeOffset(2025, 3, 31, 23, 59, 58, TimeSpan.Zero)), logger), table);
    }

    private static MfaBot.Audit.AuditEvent Sample(string? detail = "two codes accepted") => new()
    {
        Actor = new MfaBot.Audit.AuditActor("29:1AbC", "Alex Wilber", "alexw@example.com"),
        Action = "iam.EnableMFADevice",
        Outcome = MfaBot.Audit.AuditOutcome.Success,
        IamUser = "alice",
        Detail = detail,
        CorrelationId = "turn-1",
    };

    [Fact]
    public async Task An_event_gets_the_clock_time_and_one_information_log_line()
    {
        var (trail, table) = Create();
        await trail.RecordAsync(Sample(), CancellationToken.None);

        var row = Assert.Single(await table.ReadAsync(null, null, CancellationToken.None).ToListAsync());
        Assert.Equal(Sample() with { Time = new DateTimeOffset(2025, 3, 31, 23, 59, 58, TimeSpan.Zero) }, row.Event);
        var entry = Assert.Single(_logs.Entries, e => e.Category == typeof(TableAuditTrail).FullName);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, entry.Level);
        Assert.Equal("iam.EnableMFADevice", entry.Fields["Action"]);
        Assert.Equal("alice", entry.Fields["IamUser"]);
    }

    [Theory]
    [InlineData("codes 123456 and 654321")]
    [InlineData("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    public async Task A_secret_looking_detail_is_refused_and_no_row_is_written(string detail)
    {
        var (trail, table) = Create();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Sample(detail), CancellationToken.None));
        Assert.Equal("Detail", e.ParamName);
        Assert.DoesNotContain(detail, e.Message, StringComparison.Ordinal);
        Assert.Empty(await table.ReadAsync(null, null, CancellationToken.None).ToListAsync());
        Assert.DoesNotContain(_logs.Entries, l => l.Message.Contains(detail, StringComparison.Ordinal));
    }
}

using MfaBot.Audit;
using MfaBot.Audit.Table;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace MfaBot.Tests.Audit;

/// <summary>What the audit table keeps on every database: one linear chain, no edits, and verify finds any made around it.</summary>
public abstract class AuditTableContract
{
    protected static CancellationToken Ct => CancellationToken.None;

    /// <summary>A table on this test's database; each call is a separate writer, as another instance would be.</summary>
    protected abstract Task<IAuditTable> TableAsync();

    /// <summary>Runs SQL on the table with its triggers out of the way, as someone with the database's files or owner rights could.</summary>
    protected abstract Task TamperAsync(string sql);

    /// <summary>Runs SQL the normal way; the triggers apply.</summary>
    protected abstract Task ExecuteAsync(string sql);

    protected static AuditEvent Sample(string correlationId, string? detail = "two codes accepted") => new()
    {
        Actor = new AuditActor("29:1AbC", "Alex Wilber", "alexw@example.com"),
        Action = "iam.EnableMFADevice",
        Outcome = AuditOutcome.Success,
        IamUser = "alice",
        SerialNumber = "arn:aws:iam::123456789012:mfa/alice",
        IamRequestId = "c5b0f0a2-9d3e-4b21-8f7a-0123456789ab",
        Detail = detail,
        CorrelationId = correlationId,
    };

    private static TableAuditTrail Trail(IAuditTable table) =>
        new(table, new ManualTimeProvider(new DateTimeOffset(2025, 3, 31, 23, 59, 58, TimeSpan.Zero)), NullLogger<TableAuditTrail>.Instance);

    private async Task<IAuditTable> FiveRowsAsync()
    {
        var table = await TableAsync();
        var trail = Trail(table);
        for (var i = 1; i <= 5; i++) await trail.RecordAsync(Sample($"c{i}"), Ct);
        return table;
    }

    [Fact]
    public async Task Many_concurrent_appends_from_several_writers_build_one_chain_that_verifies()
    {
        var trails = new List<TableAuditTrail>();
        for (var i = 0; i < 4; i++) trails.Add(Trail(await TableAsync()));
        const int Events = 400;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Events).Select(i => Task.Run(async () =>
        {
            await start.Task;
            await trails[i % trails.Count].RecordAsync(Sample($"c{i}", detail: new string('d', i % 200)), Ct);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        var table = await TableAsync();
        var rows = await table.ReadAsync(null, null, Ct).ToListAsync();
        Assert.Equal(Enumerable.Range(1, Events).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(Enumerable.Range(0, Events).Select(i => $"c{i}").Order(), rows.Select(r => r.Event.CorrelationId!).Order());
        Assert.Equal(AuditChain.Genesis, rows[0].PrevHash);
        var verified = await AuditChain.VerifyAsync(table, Ct);
        Assert.True(verified.IsIntact, verified.Problem);
        Assert.Equal(Events, verified.Rows);
    }

    [Fact]
    public async Task A_row_reads_back_as_written_with_its_time_to_the_microsecond()
    {
        var table = await TableAsync();
        var time = new DateTimeOffset(2025, 3, 31, 23, 59, 58, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        await Trail(table).RecordAsync(Sample("c1") with { Time = time, Actor = new AuditActor("system") }, Ct);

        var row = Assert.Single(await table.ReadAsync(null, null, Ct).ToListAsync());
        Assert.Equal(Sample("c1") with { Time = new DateTimeOffset(time.UtcTicks - 7, TimeSpan.Zero), Actor = new AuditActor("system") }, row.Event);
        Assert.Equal(AuditChain.Hash(AuditChain.Genesis, 1, row.Event), row.Hash);
    }

    [Fact]
    public async Task Reads_by_time_include_from_and_exclude_to()
    {
        var table = await TableAsync();
        var trail = Trail(table);
        var day = new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero);
        foreach (var (id, at) in new[] { ("before", day.AddTicks(-10)), ("first", day), ("last", day.AddDays(1).AddTicks(-10)), ("after", day.AddDays(1)) })
            await trail.RecordAsync(Sample(id) with { Time = at }, Ct);

        Assert.Equal(["first", "last"], await table.ReadAsync(day, day.AddDays(1), Ct).Select(r => r.Event.CorrelationId!).ToListAsync());
    }

    [Fact]
    public async Task The_table_refuses_updates_and_deletes()
    {
        var table = await FiveRowsAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("UPDATE mfabot_audit SET detail = 'changed' WHERE id = 3"));
        await Assert.ThrowsAnyAsync<Exception>(() => ExecuteAsync("DELETE FROM mfabot_audit WHERE id = 3"));

        Assert.Equal(5, (await AuditChain.VerifyAsync(table, Ct)).Rows);
        Assert.True((await AuditChain.VerifyAsync(table, Ct)).IsIntact);
    }

    [Fact]
    public async Task An_edit_made_around_the_trigger_is_found_at_its_row()
    {
        var table = await FiveRowsAsync();

        await TamperAsync("UPDATE mfabot_audit SET detail = 'nothing happened' WHERE id = 3");

        var verified = await AuditChain.VerifyAsync(table, Ct);
        Assert.Equal(3, verified.BrokenId);
        Assert.Equal(2, verified.Rows);
        Assert.StartsWith("row 3: ", verified.Problem, StringComparison.Ordinal);
        Assert.Contains("edited", verified.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_middle_row_is_found_at_the_row_after_the_gap()
    {
        var table = await FiveRowsAsync();

        await TamperAsync("DELETE FROM mfabot_audit WHERE id = 3");

        var verified = await AuditChain.VerifyAsync(table, Ct);
        Assert.Equal(4, verified.BrokenId);
        Assert.Equal("row 4: id follows 2: row(s) missing before it", verified.Problem);
    }

    [Fact]
    public async Task A_rehashed_row_still_breaks_the_next_rows_link()
    {
        var table = await FiveRowsAsync();
        var rows = await table.ReadAsync(null, null, Ct).ToListAsync();
        var forged = rows[2].Event with { Detail = "nothing happened" };

        await TamperAsync($"UPDATE mfabot_audit SET detail = 'nothing happened', hash = '{AuditChain.Hash(rows[2].PrevHash, 3, forged)}' WHERE id = 3");

        var verified = await AuditChain.VerifyAsync(table, Ct);
        Assert.Equal(4, verified.BrokenId);
        Assert.Contains("prev_hash", verified.Problem, StringComparison.Ordinal);
    }
}

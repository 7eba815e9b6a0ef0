using System.Text.Json;
using MfaBot.Audit;
using MfaBot.Storage;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Audit;

/// <summary>The legacy File provider's trail; Sqlite and Postgres use the table (TableAuditTrailTests).</summary>
public sealed class JsonLinesAuditTrailTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2025, 3, 31, 23, 59, 58, TimeSpan.Zero));
    private readonly RecordingLoggerProvider _logs = new();
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var p in _providers) p.Dispose();
        _data.Dispose();
    }

    private string AuditFolder => Path.Combine(_data.Path, "audit");

    private IAuditTrail NewTrail()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataFolder"] = _data.Path, ["Storage:Provider"] = "File" }).Build();
        var services = new ServiceCollection().AddSingleton<TimeProvider>(_clock).AddLogging(b => b.AddProvider(_logs))
            .AddAuditTrail(configuration).BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<IAuditTrail>();
    }

    private static AuditEvent Sample(string correlationId = "turn-1", string? detail = "two codes accepted") => new()
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

    private List<AuditEvent> ReadDay(string day) =>
        File.ReadAllLines(Path.Combine(AuditFolder, $"audit-{day}.jsonl")).Select(l => JsonSerializer.Deserialize<AuditEvent>(l, StateJson.Options)!).ToList();

    [Fact]
    public async Task A_line_holds_every_field_typed_and_the_clock_time()
    {
        await NewTrail().RecordAsync(Sample(), CancellationToken.None);

        var text = await File.ReadAllTextAsync(Path.Combine(AuditFolder, "audit-2025-03-31.jsonl"));
        Assert.EndsWith("}\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.Equal("2025-03-31T23:59:58+00:00", root.GetProperty("time").GetString());
        Assert.Equal("29:1AbC", root.GetProperty("actor").GetProperty("id").GetString());
        Assert.Equal("alexw@example.com", root.GetProperty("actor").GetProperty("email").GetString());
        Assert.Equal("iam.EnableMFADevice", root.GetProperty("action").GetString());
        Assert.Equal("Success", root.GetProperty("outcome").GetString());
        Assert.Equal("arn:aws:iam::123456789012:mfa/alice", root.GetProperty("serialNumber").GetString());
        Assert.Equal(Sample() with { Time = _clock.GetUtcNow() }, ReadDay("2025-03-31").Single());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(AuditFolder, "audit-2025-03-31.jsonl")));
    }

    [Fact]
    public async Task Events_go_to_the_file_of_their_utc_day()
    {
        var trail = NewTrail();
        await trail.RecordAsync(Sample("before-midnight"), CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(3));
        await trail.RecordAsync(Sample("after-midnight"), CancellationToken.None);
        await trail.RecordAsync(Sample("caller-timed") with { Time = new DateTimeOffset(2025, 4, 1, 1, 30, 0, TimeSpan.FromHours(3)) }, CancellationToken.None);

        Assert.Equal(["before-midnight", "caller-timed"], ReadDay("2025-03-31").Select(e => e.CorrelationId));
        Assert.Equal(["after-midnight"], ReadDay("2025-04-01").Select(e => e.CorrelationId));
    }

    [Fact]
    public async Task Concurrent_appends_from_several_trails_give_one_whole_line_each()
    {
        // Separate instances share only the folder, as separate processes would.
        var trails = Enumerable.Range(0, 8).Select(_ => NewTrail()).ToArray();
        const int Events = 800;
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(0, Events).Select(i => Task.Run(async () =>
        {
            await start.Task;
            await trails[i % trails.Length].RecordAsync(Sample($"c{i}", detail: new string('d', i % 200)), CancellationToken.None);
        })).ToList();
        start.SetResult();
        await Task.WhenAll(writers);

        var events = ReadDay("2025-03-31");
        Assert.Equal(Events, events.Count);
        Assert.Equal(Enumerable.Range(0, Events).Select(i => $"c{i}").Order(), events.Select(e => e.CorrelationId!).Order());
    }

    [Fact]
    public async Task Each_event_is_logged_at_information_with_structured_fields()
    {
        await NewTrail().RecordAsync(Sample(), CancellationToken.None);
        var entry = Assert.Single(_logs.Entries, e => e.Category == typeof(JsonLinesAuditTrail).FullName);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Equal("iam.EnableMFADevice", entry.Fields["Action"]);
        Assert.Equal("29:1AbC", entry.Fields["ActorId"]);
        Assert.Equal("alice", entry.Fields["IamUser"]);
        Assert.Equal(AuditOutcome.Success, entry.Fields["Outcome"]);
        Assert.Equal("turn-1", entry.Fields["CorrelationId"]);
    }

    [Theory]
    [InlineData("codes 123456 and 654321")]
    [InlineData("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")]
    public async Task A_secret_looking_detail_is_refused_and_nothing_is_written_or_logged(string detail)
    {
        var trail = NewTrail();
        var e = await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Sample(detail: detail), CancellationToken.None));
        Assert.Equal("Detail", e.ParamName);
        Assert.DoesNotContain(detail, e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(AuditFolder, "*.jsonl"));
        Assert.DoesNotContain(_logs.Entries, l => l.Message.Contains(detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Malformed_events_are_refused_naming_the_field()
    {
        var trail = NewTrail();
        Assert.Equal("Action", (await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Sample() with { Action = "Enrollment Started" }, CancellationToken.None))).ParamName);
        Assert.Equal("Id", (await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Sample() with { Actor = new AuditActor(" ") }, CancellationToken.None))).ParamName);
        Assert.Equal("Detail", (await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Sample(detail: new string('x', 501)), CancellationToken.None))).ParamName);
        Assert.Equal("IamUser", (await Assert.ThrowsAsync<ArgumentException>(() => trail.RecordAsync(Sample() with { IamUser = "a\nb" }, CancellationToken.None))).ParamName);
        Assert.Empty(Directory.GetFiles(AuditFolder, "*.jsonl"));
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Campaigns.Delivery;
using MfaBot.Conversation;
using Microsoft.Extensions.Http;
using MfaBot.Tests.Campaigns;
using MfaBot.Tests.Enrollment;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Scaleout;

/// <summary>
/// One campaign delivered by two instances on one PostgreSQL database, at a low tenant rate: the paced requests both
/// instances send together keep to the rate in every sliding window. They are stamped as they leave each bot (the
/// innermost HTTP handler, after the pacing wait): arrival stamps at the in-process connector also carry the thread
/// pool's scheduling, which in the full suite bunched evenly sent requests (7 in a second at a 5/s limit). The control
/// runs the same campaign with each instance on its own in-memory limiter, which sends about twice as fast.
/// Timing is measured, so it runs alone.
/// </summary>
[Collection(Reliability.RunsAlone.Name)]
public sealed class FleetPacingTests(ITestOutputHelper output)
{
    private const int People = 20;
    private const int Rate = 5;
    // Half of it (a slot later than that is not used) must cover a loaded machine's jitter between a request leaving and
    // the connector stamping it: all of this test's processes share two cores with the build.
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(500);

    private sealed class CountingLedger(IPaceLedger inner) : IPaceLedger
    {
        private int _reservations;

        public int Reservations => _reservations;

        public ValueTask<DateTimeOffset> ReserveAsync(IReadOnlyList<PaceLane> lanes, CancellationToken ct)
        {
            Interlocked.Increment(ref _reservations);
            return inner.ReserveAsync(lanes, ct);
        }

        public ValueTask PauseAsync(string key, TimeSpan? retryAfter, CancellationToken ct) => inner.PauseAsync(key, retryAfter, ct);
    }

    [Fact]
    public async Task Two_instances_on_postgres_together_keep_to_the_tenant_rate_in_every_window()
    {
        var (peak, reservations) = await DeliverAsync(inMemory: false);
        Assert.All(reservations, r => Assert.True(r > 0, "one instance delivered nothing: the work was not split"));
        Assert.True(peak <= Rate, $"{peak} requests in one second");
    }

    [Fact]
    public async Task Control_two_instances_each_with_an_in_memory_limiter_exceed_it()
    {
        var (peak, reservations) = await DeliverAsync(inMemory: true);
        Assert.All(reservations, r => Assert.True(r > 0, "one instance delivered nothing: the work was not split"));
        Assert.True(peak > Rate, $"at most {peak} requests in a second without the shared ledger");
    }

    /// <returns>The most paced requests (open a 1:1, post the card) leaving the two bots in any one second, and each instance's reservations.</returns>
    private async Task<(int Peak, int[] Reservations)> DeliverAsync(bool inMemory)
    {
        var clock = new Support.ManualClock();
        await using var shared = await SharedDeployment.StartAsync(clock, [.. Enumerable.Range(0, People).Select(i => $"user{i:D4}@example.com")]);
        var settings = Settings(
            ("Campaigns:SendRatePerSecond", Rate.ToString(CultureInfo.InvariantCulture)),
            ("Campaigns:PacingMargin", Margin.ToString()),
            ("Campaigns:PerConversation:0:Limit", "1"),
            ("Campaigns:PerConversation:0:Window", "00:00:01"),
            // Small chunks, one at a time per instance: both instances must take part.
            ("Campaigns:Delivery:ChunkSize", "4"),
            ("Campaigns:Delivery:ConcurrentChunks", "1"));
        foreach (var (key, value) in shared.Settings) settings[key] = value;
        var ledgers = new List<CountingLedger>();
        var departures = new ConcurrentQueue<DateTimeOffset>();
        await using var h = await EnrollmentHarness.StartAsync(settings, clock, Counted(ledgers, inMemory, departures));
        await h.StartInstanceAsync("b", Counted(ledgers, inMemory, departures));
        for (var i = 0; i < People; i++) h.Connector.Members[$"29:u{i:D4}"] = ($"user{i:D4}@example.com", $"User {i}");

        var megan = Megan(h, "channel", CampaignScaleTests.Team);
        var preview = await PreviewAsync(h, megan, "invite team");
        // Megan is in the team: counted, not invited by herself.
        Assert.Equal((People + 1).ToString(CultureInfo.InvariantCulture), Facts(preview)["Will be invited"]);
        await megan.SubmitAsync(preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        await WaitUntilAsync(() => Invitations(h.Connector).Count >= People + 1, TimeSpan.FromSeconds(90), () => $"{Invitations(h.Connector).Count} invited");

        Assert.Equal(People + 1, Invitations(h.Connector).Select(i => i.User).Distinct().Count());
        var opened = OpenedConversations(h.Connector);
        var invitationRequests = h.Connector.Calls.Where(c => c.Method == "CREATE" || (c.Method == "POST" && opened.ContainsKey(c.ConversationId)));
        var arrived = MaxInWindow(invitationRequests.Select(c => c.At), TimeSpan.FromSeconds(1));
        var peak = MaxInWindow(departures, TimeSpan.FromSeconds(1));
        var span = departures.Max() - departures.Min();
        output.WriteLine($"{(inMemory ? "in memory" : "PostgreSQL")}: at most {peak} paced requests left in a second ({arrived} arrived); {departures.Count} in {span.TotalSeconds:F1} s; reservations per instance {string.Join(", ", ledgers.Select(l => l.Reservations))}");
        return (peak, [.. ledgers.Select(l => l.Reservations)]);
    }

    private sealed class Departures(ConcurrentQueue<DateTimeOffset> times) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (OutboundPacing.Current is not null) times.Enqueue(DateTimeOffset.UtcNow);
            return base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>Wraps the instance's ledger (after replacing it with an in-memory one for the control) to count its reservations.</summary>
    private static Action<IServiceCollection> Counted(List<CountingLedger> ledgers, bool inMemory, ConcurrentQueue<DateTimeOffset> departures) => services =>
    {
        // Registered after the channels' clients, so its handler is innermost: it runs once the pacing wait is over.
        services.ConfigureAll<HttpClientFactoryOptions>(o => o.HttpMessageHandlerBuilderActions.Add(b => b.AdditionalHandlers.Add(new Departures(departures))));
        if (inMemory) services.AddSingleton<IPaceLedger>(sp => new SlidingWindowLimiter(sp.GetRequiredService<TimeProvider>(), Margin));
        var inner = services.Last(d => d.ServiceType == typeof(IPaceLedger)).ImplementationFactory!;
        services.AddSingleton<IPaceLedger>(sp =>
        {
            var counting = new CountingLedger((IPaceLedger)inner(sp));
            lock (ledgers) ledgers.Add(counting);
            return counting;
        });
    };
}

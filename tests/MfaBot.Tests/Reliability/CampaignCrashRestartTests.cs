using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Campaigns;
using MfaBot.Campaigns.Model;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Targets;
using MfaBot.Storage.Sqlite;
using Xunit.Abstractions;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Reliability;

/// <summary>
/// A campaign's bot process killed with SIGKILL while invites go out, and again while reminders do, restarted on the
/// same data folder each time. Delivery is leased at-most-once: a send cut off by the kill is never repeated.
/// </summary>
public class CampaignCrashRestartTests(ITestOutputHelper output)
{
    private const int People = 250;
    private const string Invite = "Please set up MFA for AWS";
    private const string Reminder = "Reminder: set up MFA for AWS";

    /// <summary>Delivery:ConcurrentChunks × SendsPerChunk (appsettings.json): sends in flight at once, each holding at most one claim.</summary>
    private const int InFlightAtMost = 4 * 8;

    /// <summary>
    /// Delivery:SendsPerChunk. An invitee is claimed only once the 1:1 is open and the message's rate slot has come, just
    /// before its request leaves, so a kill finds hardly any claim whose message had not gone out. (Claimed before
    /// opening and queuing for the slot, that was nearly every send in flight: about 23 people never invited per kill.)
    /// </summary>
    private const int NotSentAtMost = 8;

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Two requests per person (open the 1:1, send the card) at 100 a second: about five seconds of invites.
        ["Campaigns:SendRatePerSecond"] = "100",
        // The killed process's leases run out soon, so the restarted one takes its chunks over within the test.
        ["Campaigns:Delivery:Lease"] = "00:00:02",
        ["Campaigns:Delivery:PollInterval"] = "00:00:00.200",
        ["Campaigns:ProgressInterval"] = "00:00:00.200",
        // Due once every invite is out; the later reminders of appsettings.json are days away.
        ["Campaigns:ReminderSchedule:0"] = "00:00:12",
    };

    [Fact]
    public async Task Kill_9_while_invites_and_then_reminders_go_out_loses_nobody_and_messages_nobody_twice()
    {
        var folder = Directory.CreateTempSubdirectory("mfabot-campaign-crash-").FullName;
        try
        {
            var started = Stopwatch.StartNew();
            var setup = new BotSetup(Path.Combine(folder, "data"), People, Settings);
            var people = Enumerable.Range(0, People).Select(Person.Numbered).ToList();
            var megan = new Person("meganb");
            using var http = ChannelClient.NewHttp();
            await using var connector = await ChannelConnector.StartAsync(keepTranscripts: true);
            connector.Roster = people;

            await using var bot = await Restartable.StartAsync(setup);
            var channel = new ChannelClient(http, bot.Current.MessagesUrl, connector);
            var preview = (await channel.TurnAsync(megan, InTeam(megan, connector.ServiceUrl, "invite team"), c => TitleOf(c.Card) == "Invite preview")).Answer;
            Assert.Equal(People.ToString(CultureInfo.InvariantCulture), Facts(preview.Card)["Will be invited"]);
            await channel.TurnAsync(megan, megan.Submit(connector.ServiceUrl, preview.ResultId, new JsonObject { ["step"] = "campaign.confirm" }),
                c => c.Text?.StartsWith("Started.", StringComparison.Ordinal) == true);

            await WaitForAsync(() => Task.FromResult(Reached(connector, people, Card(Invite)) >= People / 4), "a quarter of the invites");
            await bot.KillAsync();
            var invitedAtKill = Reached(connector, people, Card(Invite));
            await bot.RestartAsync();
            await WaitForAsync(async () => (await InviteesAsync(setup)).All(i => i.State is not (InviteeState.Pending or InviteeState.Sending)), "every invite settled");

            await WaitForAsync(() => Task.FromResult(Reached(connector, people, Card(Reminder)) >= 20), "the first reminders");
            await bot.KillAsync();
            var remindedAtKill = Reached(connector, people, Card(Reminder));
            await bot.RestartAsync();
            // Settled: nothing is due any more, so nothing more can be sent.
            await WaitForAsync(async () => (await InviteesAsync(setup)).All(i => i.State is InviteeState.Reminded or InviteeState.Failed), "every reminder settled");

            channel = new ChannelClient(http, bot.Current.MessagesUrl, connector);
            var status = (await channel.TurnAsync(megan, megan.Message(connector.ServiceUrl, "campaign status"), c => TitleOf(c.Card) == "Campaign status")).Answer;
            var card = connector.InboxOf(megan.ConversationId).Transcript.LastOrDefault(c => c.Method == "PUT" && c.ActivityId == preview.ResultId);
            await bot.KillAsync();
            Assert.True(card is not null, "the manager's campaign card was never updated");

            var invitees = await InviteesAsync(setup);
            var unknown = invitees.Where(i => i.Reason == FailureReason.DeliveryUnknown).ToList();
            var delivered = invitees.Where(i => i.State == InviteeState.Reminded).ToList();
            output.WriteLine($"{People} people; invites at the first kill: {invitedAtKill}; reminders at the second kill: {remindedAtKill}; "
                + $"delivery unknown: {unknown.Count} ({unknown.Count(i => Received(connector, i, Card(Invite)) == 1)} of them did get the invite); "
                + $"reminders never received: {delivered.Count(i => Received(connector, i, Card(Reminder)) == 0)}; 1:1s opened: {people.Sum(p => Received(connector, p, Opened))}; {started.Elapsed.TotalSeconds:F1} s");
            Assert.InRange(invitedAtKill, 1, People - 1);
            Assert.InRange(remindedAtKill, 1, delivered.Count - 1);

            // Nobody lost: every person is in the campaign once, each either delivered (and reminded) or delivery unknown.
            Assert.Equal(people.Select(p => p.UserId).Order(), invitees.Select(i => i.User!.Id).Order());
            Assert.All(invitees, i => Assert.True(i.State == InviteeState.Reminded || i.Reason == FailureReason.DeliveryUnknown, $"{i.User!.Id} ended {i.State} {i.Reason}"));
            Assert.InRange(unknown.Count, 0, InFlightAtMost);
            // Most of those left unknown did get the invite: it was on the wire, or sent and not yet recorded, at the kill.
            Assert.InRange(unknown.Count(i => Received(connector, i, Card(Invite)) == 0), 0, NotSentAtMost);
            // Nothing sent twice: a delivered person got exactly one invite, an unknown one at most one, nobody a second reminder.
            Assert.All(delivered, i => Assert.Equal(1, Received(connector, i, Card(Invite))));
            Assert.All(unknown, i => Assert.InRange(Received(connector, i, Card(Invite)), 0, 1));
            Assert.All(invitees, i => Assert.InRange(Received(connector, i, Card(Reminder)), 0, i.State == InviteeState.Reminded ? 1 : 0));
            Assert.All(delivered, i => Assert.Equal(1, i.Reminders));
            // Only a reminder claimed as the second kill came may not have arrived.
            Assert.InRange(delivered.Count(i => Received(connector, i, Card(Reminder)) == 0), 0, NotSentAtMost);

            // What the manager sees after the restarts adds up, and matches the stored states.
            foreach (var facts in new[] { Facts(status.Card), Facts(card.Card) })
            {
                Assert.Equal(People, Count(facts, "People"));
                Assert.Equal(delivered.Count, Count(facts, "Invited, not enrolled yet"));
                Assert.Equal(unknown.Count, Count(facts, "Delivery unknown"));
                Assert.Equal(People, new[] { "Waiting for their invite", "Invited, not enrolled yet", "Enrolled", "Already enrolled", "Not invited (see status)", "Delivery unknown" }.Sum(k => Count(facts, k)));
            }
            Assert.Contains($"Not enrolled yet: {delivered.Count + unknown.Count}", AllText(status.Card), StringComparison.Ordinal);
            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>The bot's current process; whatever happens, the last one is killed at the end.</summary>
    private sealed class Restartable : IAsyncDisposable
    {
        private readonly BotSetup _setup;
        private BotProcess? _current;

        private Restartable(BotSetup setup) => _setup = setup;

        public BotProcess Current => _current ?? throw new InvalidOperationException("The bot is not running.");

        public static async Task<Restartable> StartAsync(BotSetup setup)
        {
            var bot = new Restartable(setup);
            await bot.RestartAsync();
            return bot;
        }

        /// <summary>A new process on the same data folder.</summary>
        public async Task RestartAsync() => _current = await BotProcess.StartAsync(_setup);

        /// <summary>SIGKILL, as <c>kill -9</c> (disposing alone would stop it gracefully with SIGTERM).</summary>
        public async Task KillAsync()
        {
            var current = _current;
            _current = null;
            if (current is null) return;
            await current.KillAsync();
            await current.DisposeAsync();
        }

        public async ValueTask DisposeAsync() => await KillAsync();
    }

    /// <summary>Megan (a manager in appsettings.json) typing in a team channel whose roster is the connector's.</summary>
    private static JsonObject InTeam(Person manager, string serviceUrl, string text) => manager.Activity(serviceUrl, "message", a =>
    {
        a["text"] = text;
        a["conversation"] = new JsonObject { ["id"] = "19:crash-team@thread.tacv2", ["conversationType"] = "channel", ["tenantId"] = Person.TenantId };
    });

    /// <summary>The campaign's invitees as stored (read while the bot runs: a read-only look at its database).</summary>
    private static async Task<List<Invitee>> InviteesAsync(BotSetup setup)
    {
        using var state = SqliteStateStore.OpenReadOnly(setup.DataFolder);
        var store = new CampaignStore(state);
        var all = new List<Invitee>();
        await foreach (var campaign in store.ListAsync(CancellationToken.None)) all.AddRange(await store.InviteesAsync(campaign, CancellationToken.None));
        return all;
    }

    private static Func<ConnectorCall, bool> Card(string title) => c => c.Method == "POST" && TitleOf(c.Card) == title;

    private static bool Opened(ConnectorCall c) => c.Method == "CREATE";

    /// <summary>How many of the connector's calls into one person's 1:1 match.</summary>
    private static int Received(ChannelConnector connector, Person person, Func<ConnectorCall, bool> match) =>
        connector.InboxOf(person.ConversationId).Transcript.Count(match);

    private static int Received(ChannelConnector connector, Invitee invitee, Func<ConnectorCall, bool> match) =>
        Received(connector, new Person(invitee.User!.Id[3..]), match);

    /// <summary>How many people got at least one matching call.</summary>
    private static int Reached(ChannelConnector connector, IEnumerable<Person> people, Func<ConnectorCall, bool> match) =>
        people.Count(p => Received(connector, p, match) > 0);

    private static int Count(Dictionary<string, string> facts, string title) =>
        facts.TryGetValue(title, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : 0;

    private static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > Bound) throw new TimeoutException($"Waited {Bound} for {what}.");
            await Task.Delay(20);
        }
    }
}

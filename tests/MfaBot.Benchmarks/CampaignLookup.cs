using System.Diagnostics;
using System.Globalization;
using MfaBot.Campaigns;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Conversation;
using MfaBot.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace MfaBot.Benchmarks;

/// <summary>
/// "campaign-lookup [people] [campaigns]": on the file store, C campaigns of N people each (campaign c holds persons
/// c·N/2C … c·N/2C+N−1, so the sampled persons, from the upper half, are in every campaign), written as before the person index (found by
/// scanning every chunk) and through <see cref="CampaignStore.CreateAsync"/> (found through the index). Prints the time
/// to create each campaign, to find a person for snooze (FindAsync) and to mark them enrolled (OnEnrolledAsync).
/// </summary>
public static class CampaignLookup
{
    private const int ChunkSize = 100;
    private const int Samples = 20;

    public static async Task RunAsync(int people, int campaigns)
    {
        var step = people / (2 * campaigns);
        var sample = Enumerable.Range(0, Samples).Select(k => people / 2 + k * (people / 2) / Samples).ToList();
        var iam = IamRoundTrips.BuildClient("http://127.0.0.1:9/");
        foreach (var indexed in new[] { false, true })
        {
            var folder = Directory.CreateTempSubdirectory("mfabot-lookup-bench-").FullName;
            var store = new FileStateStore(folder);
            var campaignStore = new CampaignStore(store);
            var created = new List<double>();
            var built = new List<Campaign>();
            for (var c = 0; c < campaigns; c++)
            {
                var (campaign, chunks) = Build($"bench{c:D2}", c * step, people);
                var watch = Stopwatch.StartNew();
                if (indexed) await campaignStore.CreateAsync(campaign, chunks, CancellationToken.None);
                else await WriteUnindexedAsync(store, campaign, chunks);
                created.Add(watch.Elapsed.TotalSeconds);
                built.Add(campaign);
            }
            if (indexed) await campaignStore.MarkIndexCompleteAsync(CancellationToken.None);
            var tracker = new EnrollmentTracker(campaignStore, new Transitions(new CampaignOptions()), iam, TimeProvider.System,
                NullLogger<EnrollmentTracker>.Instance);
            var find = await TimeEachAsync(sample, n => tracker.FindAsync(Person(n), CancellationToken.None));
            var enroll = await TimeEachAsync(sample, n => tracker.OnEnrolledAsync(Person(n), IamUser(n), CancellationToken.None));
            var mode = indexed ? "index" : "scan (before)";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{mode}: create {campaigns} × {people} people: {string.Join(" / ", created.Select(s => s.ToString("F2", CultureInfo.InvariantCulture)))} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{mode}: FindAsync (snooze) {Describe(find)}; OnEnrolledAsync {Describe(enroll)}"));
            if (!indexed)
            {
                var watch = Stopwatch.StartNew();
                foreach (var campaign in built) await campaignStore.IndexAsync(campaign, CancellationToken.None);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"scan (before): indexing those {campaigns} campaigns afterwards (the worker's one-off backfill): {watch.Elapsed.TotalSeconds:F2} s"));
            }
            else
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{mode}: index records {Directory.EnumerateFiles(Path.Combine(folder, "state"), "campaign-person*").Sum(f => new FileInfo(f).Length) / 1024} KiB"));
            }
            try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task<List<double>> TimeEachAsync(IEnumerable<int> persons, Func<int, Task> run)
    {
        var times = new List<double>();
        foreach (var n in persons)
        {
            var watch = Stopwatch.StartNew();
            await run(n);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }
        return times;
    }

    private static string Describe(List<double> ms)
    {
        var sorted = ms.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"median {sorted[sorted.Count / 2]:F1} ms, max {sorted[^1]:F1} ms");
    }

    private static ChatUser Person(int n) => new("msteams", $"29:u{n:D6}", "tenant-1", null, $"User {n}");

    private static string IamUser(int n) => $"user{n:D6}@example.com";

    private static (Campaign, List<InviteeChunk>) Build(string id, int from, int people)
    {
        var home = new ConversationRef("msteams", "personal-29:manager", true, new Dictionary<string, string>());
        var campaign = new Campaign
        {
            Id = id, Manager = new ChatUser("msteams", "29:manager", "tenant-1", null, "Manager"), ManagerConversation = home, Origin = home,
            CreatedAt = DateTimeOffset.UtcNow, Deadline = DateTimeOffset.UtcNow.AddDays(10), Phase = CampaignPhase.Running,
            ChunkCount = (people + ChunkSize - 1) / ChunkSize, Total = people, Source = "benchmark",
        };
        var chunks = Enumerable.Range(from, people).Chunk(ChunkSize).Select((part, index) => new InviteeChunk
        {
            CampaignId = id,
            Index = index,
            Invitees = [.. part.Select(n => new Invitee { N = n, Email = IamUser(n), User = Person(n), IamUser = IamUser(n), State = InviteeState.Invited })],
        }).ToList();
        return (campaign, chunks);
    }

    /// <summary>What CampaignStore.CreateAsync wrote before the person index: the chunks, then the header.</summary>
    private static async Task WriteUnindexedAsync(FileStateStore store, Campaign campaign, List<InviteeChunk> chunks)
    {
        foreach (var chunk in chunks) await store.PutAsync(InviteeChunk.KeyFor(campaign.Id, chunk.Index), chunk, null, CancellationToken.None);
        await store.PutAsync(Campaign.KeyFor(campaign.Id), campaign, null, CancellationToken.None);
    }
}

using MfaBot.Campaigns;
using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Storage;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace MfaBot.Tests.Campaigns;

/// <summary>Campaigns built straight into a store, for tests of what reads them; person n is "29:u{n:D5}" / "user{n:D5}@example.com".</summary>
public static class CampaignRecords
{
    public const int ChunkSize = 100;

    public static ChatUser Person(int n) => new("msteams", $"29:u{n:D5}", TeamsChat.TenantId, null, $"User {n}");

    public static string IamUser(int n) => $"user{n:D5}@example.com";

    /// <summary>A campaign of <paramref name="people"/> (person numbers), invited, in chunks of <see cref="ChunkSize"/>.</summary>
    public static (Campaign Campaign, List<InviteeChunk> Chunks) Build(string id, IReadOnlyList<int> people, CampaignPhase phase = CampaignPhase.Running)
    {
        var manager = new ConversationRef("msteams", "personal-29:megan", true, new Dictionary<string, string>());
        var campaign = new Campaign
        {
            Id = id, Manager = new ChatUser("msteams", "29:megan", TeamsChat.TenantId, null, "Megan Bowen"), ManagerConversation = manager, Origin = manager,
            CreatedAt = DateTimeOffset.UtcNow, Deadline = DateTimeOffset.UtcNow.AddDays(10), Phase = phase,
            ChunkCount = (people.Count + ChunkSize - 1) / ChunkSize, Total = people.Count, Source = "test",
        };
        var chunks = people.Chunk(ChunkSize).Select((part, index) => new InviteeChunk
        {
            CampaignId = id,
            Index = index,
            Invitees = [.. part.Select(n => new Invitee
            {
                N = n, Email = IamUser(n), User = Person(n), IamUser = IamUser(n), State = InviteeState.Invited, InvitedAt = DateTimeOffset.UtcNow,
                DueAt = DateTimeOffset.UtcNow.AddDays(1),
            })],
        }).ToList();
        return (campaign, chunks);
    }

    /// <summary>Writes the campaign as the bot did before the person index: chunks, then the header, nothing else.</summary>
    public static async Task WriteUnindexedAsync(IStateStore store, (Campaign Campaign, List<InviteeChunk> Chunks) built)
    {
        foreach (var chunk in built.Chunks) await store.PutAsync(InviteeChunk.KeyFor(chunk.CampaignId, chunk.Index), chunk, null, CancellationToken.None);
        await store.PutAsync(Campaign.KeyFor(built.Campaign.Id), built.Campaign, null, CancellationToken.None);
    }

    /// <summary>The tracker as the bot composes it; <paramref name="iam"/> is only used by the periodic re-check.</summary>
    public static EnrollmentTracker Tracker(CampaignStore store, IIamGateway iam) =>
        new(store, new Transitions(new CampaignOptions()), iam, TimeProvider.System, NullLogger<EnrollmentTracker>.Instance);

    public static async Task<Invitee> InviteeAsync(IStateStore store, string campaignId, int n)
    {
        var campaign = (await store.GetAsync<Campaign>(Campaign.KeyFor(campaignId), CancellationToken.None))!.Value;
        return (await new CampaignStore(store).InviteesAsync(campaign, CancellationToken.None)).Single(i => i.N == n);
    }
}

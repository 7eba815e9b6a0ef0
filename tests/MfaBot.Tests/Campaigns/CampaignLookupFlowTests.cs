using System.Text.Json.Nodes;
using MfaBot.Campaigns;
using MfaBot.Campaigns.Index;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Campaigns;

/// <summary>Enrolling and snoozing find the person's records through the person index, driven through the real bot.</summary>
public class CampaignLookupFlowTests
{
    private const string InviteTitle = "Please set up MFA for AWS";
    private static readonly JsonObject Confirm = new() { ["step"] = "campaign.confirm" };

    private static async Task<TestConnector.Call> ConfirmAndWaitForAlexAsync(EnrollmentHarness h, TeamsChat megan, string text, int invite)
    {
        var preview = await PreviewAsync(h, megan, text);
        await megan.SubmitAsync(preview.ResultId, Confirm.DeepClone().AsObject());
        await WaitUntilAsync(() => Invitations(h.Connector).Count(i => i.User == EnrollmentHarness.AlexId) >= invite, TimeSpan.FromSeconds(20));
        return Invitations(h.Connector).Last(i => i.User == EnrollmentHarness.AlexId).Call;
    }

    private static async Task EnrollAlexAsync(EnrollmentHarness h, string conversationId)
    {
        var alex = h.Chat(conversationId: conversationId);
        var (card, key) = await h.StartEnrollmentAsync(alex);
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(alex, card.ResultId, c1, c2, c => c.Method == "PUT" && c.ActivityId == card.ResultId);
    }

    /// <summary>Every campaign in the bot's store with Alex's invitee record in it.</summary>
    private static async Task<List<(Campaign Campaign, Invitee Alex)>> AlexEverywhereAsync(EnrollmentHarness h)
    {
        var store = new CampaignStore(h.Store);
        var found = new List<(Campaign, Invitee)>();
        await foreach (var campaign in store.ListAsync(CancellationToken.None))
            found.AddRange((await store.InviteesAsync(campaign, CancellationToken.None)).Where(i => i.User?.Id == EnrollmentHarness.AlexId).Select(i => (campaign, i)));
        return found;
    }

    private static async Task WaitUntilAlexEnrolledEverywhereAsync(EnrollmentHarness h, int campaigns)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            var records = await AlexEverywhereAsync(h);
            if (records.Count == campaigns && records.All(r => r.Alex.State == InviteeState.Enrolled)) return;
            await Task.Delay(50);
        }
        Assert.Fail("Not enrolled everywhere: " + string.Join("; ", (await AlexEverywhereAsync(h)).Select(r => $"{r.Campaign.Id} {r.Campaign.Phase} {r.Alex.State}")));
    }

    [Fact]
    public async Task Someone_invited_by_a_closed_and_a_running_campaign_is_marked_enrolled_in_both()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        var megan = Megan(h);
        await ConfirmAndWaitForAlexAsync(h, megan, "invite alexw@example.com", 1);
        h.Clock.Advance(TimeSpan.FromDays(10.5));
        await h.Connector.WaitForAsync(c => HasTitle(c, "Still missing MFA at the deadline"));
        var invite = await ConfirmAndWaitForAlexAsync(h, megan, "invite alexw@example.com, lynner@example.com", 2);

        await EnrollAlexAsync(h, invite.ConversationId);

        await WaitUntilAlexEnrolledEverywhereAsync(h, 2);
        Assert.Equal([CampaignPhase.Running, CampaignPhase.Closed], (await AlexEverywhereAsync(h)).Select(r => r.Campaign.Phase).Order());
    }

    [Fact]
    public async Task Snooze_moves_the_reminder_of_the_one_person_who_clicked_among_many_chunks()
    {
        await using var h = await CampaignScaleTests.TeamOfAsync(30, ("Campaigns:Delivery:ChunkSize", "4"));
        var preview = await PreviewAsync(h, Megan(h, "channel", CampaignScaleTests.Team), "invite team");
        await Megan(h).SubmitAsync(preview.ResultId, Confirm.DeepClone().AsObject());
        // 30 people and Alex; Megan, in the team too, gets no invitation from herself.
        await WaitUntilAsync(() => Invitations(h.Connector).Count(i => i.Title == InviteTitle) >= 31, TimeSpan.FromSeconds(30));
        var invite = Invitations(h.Connector).Single(i => i.User == "29:u0021").Call;
        var person = h.Chat("29:u0021", "User 21", conversationId: invite.ConversationId);

        var skip = h.Connector.Calls.Count;
        await person.SubmitAsync(invite.ResultId, new JsonObject { ["step"] = "campaign.snooze" });

        var reply = await person.NextAsync(c => TestConnector.TextOf(c) is not null, skip);
        Assert.StartsWith("OK, I'll remind you again in 24 hours.", TestConnector.TextOf(reply), StringComparison.Ordinal);
        var campaign = Assert.Single(await new CampaignStore(h.Store).ListAsync(CancellationToken.None).ToListAsync());
        Assert.True(campaign.ChunkCount >= 8, $"{campaign.ChunkCount} chunks");
        var snoozed = new List<(int Chunk, string? User)>();
        for (var index = 0; index < campaign.ChunkCount; index++)
        {
            var chunk = (await new CampaignStore(h.Store).GetChunkAsync(campaign.Id, index, CancellationToken.None))!.Value;
            snoozed.AddRange(chunk.Invitees.Where(i => i.Snoozes > 0).Select(i => (index, i.User?.Id)));
        }
        var (at, who) = Assert.Single(snoozed);
        Assert.Equal("29:u0021", who);
        Assert.True(at > 0, "the person is not in the first chunk");
    }

    [Fact]
    public async Task A_campaign_stored_before_the_index_existed_is_indexed_on_start_and_its_invitee_marked_enrolled()
    {
        await using var h = await EnrollmentHarness.StartAsync(Settings());
        await h.Bot.DisposeAsync();
        // The store as a bot without the person index left it: a running campaign, no index records.
        var alex = new ChatUser("msteams", EnrollmentHarness.AlexId, TeamsChat.TenantId, null, "Alex Wilber");
        var legacy = CampaignRecords.Build("0123456789abcdef", [.. Enumerable.Range(0, 250)]);
        legacy.Chunks[2] = legacy.Chunks[2].With(230, i => i with { User = alex, IamUser = EnrollmentHarness.AlexEmail, Email = EnrollmentHarness.AlexEmail });
        using (var store = MfaBot.Storage.Sqlite.SqliteStateStore.Open(h.DataFolder))
        {
            await store.DeleteAsync(PersonIndex.CompleteKey, null, CancellationToken.None);
            await CampaignRecords.WriteUnindexedAsync(store, legacy);
        }
        await h.RestartAsync();

        await EnrollAlexAsync(h, "personal-" + EnrollmentHarness.AlexId);

        await WaitUntilAlexEnrolledEverywhereAsync(h, 1);
        // The worker's pass indexes it (about 220 bucket writes for 250 people) and then records that every campaign is indexed.
        for (var tries = 0; tries < 200 && await h.Store.GetAsync<bool>(PersonIndex.CompleteKey, CancellationToken.None) is null; tries++) await Task.Delay(50);
        Assert.NotNull(await h.Store.GetAsync<bool>(PersonIndex.CompleteKey, CancellationToken.None));
        Assert.True((await h.Store.GetAsync<Campaign>(Campaign.KeyFor(legacy.Campaign.Id), CancellationToken.None))!.Value.PersonIndexed);
    }
}

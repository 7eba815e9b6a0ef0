using System.Text.Json.Nodes;
using MfaBot.Campaigns;
using MfaBot.Campaigns.Model;
using MfaBot.Storage;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static MfaBot.Tests.Campaigns.CampaignDriver;

namespace MfaBot.Tests.Campaigns;

/// <summary>"campaign status" on a campaign of thousands: the first page reads every chunk once, a later page only its own.</summary>
public class CampaignStatusPagingTests
{
    private const int People = 3000;
    private const int EnrolledBefore = 2500;

    [Fact]
    public async Task A_later_page_of_a_large_campaign_reads_only_the_chunks_it_shows()
    {
        CountingStateStore? counted = null;
        await using var h = await EnrollmentHarness.StartAsync(Settings(("Campaigns:StatusPageSize", "40")),
            services: s => s.AddSingleton(sp => new CampaignStore(counted = new CountingStateStore(sp.GetRequiredService<IStateStore>()))));
        var megan = Megan(h);
        var small = await PreviewAsync(h, megan, "invite alexw@example.com");
        await megan.SubmitAsync(small.ResultId, new JsonObject { ["step"] = "campaign.confirm" });
        var real = await WaitForRunningAsync(h);

        // Closed and indexed, so the worker neither delivers nor indexes it: every read counted is the status card's.
        var (campaign, chunks) = CampaignRecords.Build("00000000000000aa", [.. Enumerable.Range(0, People)], CampaignPhase.Closed);
        campaign = campaign with { Manager = real.Manager, ManagerConversation = real.ManagerConversation, Origin = real.Origin, CreatedAt = real.CreatedAt.AddMinutes(1) };
        chunks = [.. chunks.Select(c => c with { Invitees = [.. c.Invitees.Select(i => i.N < EnrolledBefore ? i with { State = InviteeState.Enrolled } : i)] })];
        await new CampaignStore(h.Store).CreateAsync(campaign, chunks, CancellationToken.None);

        var skip = h.Connector.Calls.Count;
        await megan.SayAsync("campaign status");
        var status = await megan.NextAsync(c => HasTitle(c, "Campaign status"), skip);
        Assert.Contains("Not enrolled yet: 500", AllText(status), StringComparison.Ordinal);
        Assert.Contains("Enrolled: 2500", AllText(status), StringComparison.Ordinal);
        Assert.Contains("- user02539@example.com: invited", AllText(status), StringComparison.Ordinal);
        Assert.DoesNotContain("user02540@example.com", AllText(status), StringComparison.Ordinal);
        Assert.Equal(["campaign.status", "campaign.status", "campaign.export"], Actions(status));

        var more = TestConnector.CardOf(status)!["actions"]!.AsArray().Select(a => (JsonObject)a!["data"]!.DeepClone()).First(d => d["list"]!.GetValue<string>() == "notyet");
        counted!.Reset();
        skip = h.Connector.Calls.Count;
        await megan.SubmitAsync(status.ResultId, more);
        var next = await h.Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == status.ResultId, skip);

        Assert.Contains("- user02540@example.com: invited", AllText(next), StringComparison.Ordinal);
        Assert.Contains("- user02579@example.com: invited", AllText(next), StringComparison.Ordinal);
        Assert.DoesNotContain("user02580@example.com", AllText(next), StringComparison.Ordinal);
        Assert.DoesNotContain("user02539@example.com", AllText(next), StringComparison.Ordinal);
        Assert.Equal(1, counted.Count("get", "campaign-chunk/00000000000000aa/"));
    }

    private static async Task<Campaign> WaitForRunningAsync(EnrollmentHarness h)
    {
        for (var tries = 0; tries < 200; tries++)
        {
            await foreach (var key in h.Store.ListKeysAsync(Campaign.KeyPrefix, CancellationToken.None))
                if ((await h.Store.GetAsync<Campaign>(key, CancellationToken.None))?.Value is { Phase: CampaignPhase.Running } running)
                    return running;
            await Task.Delay(50);
        }
        throw new TimeoutException("The campaign never started.");
    }
}

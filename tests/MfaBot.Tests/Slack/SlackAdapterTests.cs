using MfaBot.Channels.Slack.Bridge;
using MfaBot.Conversation;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Slack;

/// <summary>The parts of the seam that campaigns use (rosters, lookup by email, shared files), against the fake Web API.</summary>
public class SlackAdapterTests
{
    private static ConversationRef Channel(string id) => new("slack", id, false, SlackAddress.For(SlackHarness.Team, SlackHarness.Alex));

    [Fact]
    public async Task Members_and_lookup_by_email_come_from_Slack_with_emails_and_without_bots()
    {
        await using var h = await SlackHarness.StartAsync();
        h.Slack.Users["U0BOTTY"] = new FakeSlackApi.User("bot@example.com", "Some Bot", SlackHarness.Team, IsBot: true);
        h.Slack.ChannelMembers["C0TEAM"] = [SlackHarness.Alex, "U0MEGAN", "U0BOTTY"];
        var adapter = h.Bot.Services.GetRequiredService<SlackChannelAdapter>();

        var members = await adapter.GetMembersAsync(Channel("C0TEAM"), CancellationToken.None);
        var megan = await adapter.FindUserByEmailAsync(Channel("C0TEAM"), "MEGANB@example.com", CancellationToken.None);
        var nobody = await adapter.FindUserByEmailAsync(Channel("C0TEAM"), "ghost@example.com", CancellationToken.None);

        Assert.Equal([(SlackHarness.Alex, "alexw@example.com"), ("U0MEGAN", "meganb@example.com")], members.Select(m => (m.User.Id, m.Email!)));
        Assert.Equal(("slack", "U0MEGAN", SlackHarness.Team), (megan!.Channel, megan.Id, megan.TenantId));
        Assert.Null(nobody);
        Assert.Empty(h.Slack.Violations);
    }

    [Fact]
    public async Task A_shared_file_downloads_with_the_bot_token_from_Slack_only_and_within_the_size_limit()
    {
        await using var h = await SlackHarness.StartAsync();
        h.Slack.Files["F0CSV"] = new FakeSlackApi.SlackFile("F0CSV", "people.csv", 24, "email\nmeganb@example.com\n"u8.ToArray(), "DU0ALEX", false);
        var adapter = h.Bot.Services.GetRequiredService<SlackChannelAdapter>();
        var url = h.Slack.BaseUrl.Replace("/api/", "/download/", StringComparison.Ordinal) + "F0CSV";

        var bytes = await adapter.DownloadAsync(Channel("DU0ALEX"), new InboundFile("people.csv", "text/csv", url), 1000, CancellationToken.None);

        Assert.Equal("email\nmeganb@example.com\n", System.Text.Encoding.UTF8.GetString(bytes));
        await Assert.ThrowsAsync<InvalidDataException>(() => adapter.DownloadAsync(Channel("DU0ALEX"), new InboundFile("people.csv", null, url), 10, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidDataException>(() => adapter.DownloadAsync(Channel("DU0ALEX"), new InboundFile("x.csv", null, "https://evil.example/steal"), 1000, CancellationToken.None));
    }
}

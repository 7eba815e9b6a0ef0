using System.Text.Json;
using MfaBot.Channels.BotFramework.Bridge;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Conversation;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.BotFramework;

public class BridgeTests
{
    [Fact]
    public void A_message_becomes_a_text_turn_with_mentions_and_files_but_not_the_bot()
    {
        var activity = JsonSerializer.Deserialize<Activity>("""
            {"type":"message","id":"1","serviceUrl":"https://smba.example/","channelId":"msteams",
             "from":{"id":"29:manager","name":"Megan"},"recipient":{"id":"28:bot","name":"MfaBot"},
             "conversation":{"id":"19:team","conversationType":"channel","tenantId":"t1"},
             "text":"<at>MfaBot</at> invite <at>Alex</at> <at>Lynne</at>",
             "entities":[{"type":"mention","mentioned":{"id":"28:bot","name":"MfaBot"}},
                         {"type":"mention","mentioned":{"id":"29:alex","name":"Alex"}},
                         {"type":"mention","mentioned":{"id":"29:lynne","name":"Lynne"}},
                         {"type":"clientInfo","locale":"en"}],
             "attachments":[{"contentType":"application/vnd.microsoft.teams.file.download.info","name":"team.csv",
                             "content":{"downloadUrl":"https://contoso.sharepoint.com/x.csv","fileType":"csv"}},
                            {"contentType":"application/vnd.microsoft.card.adaptive","content":{}}]}
            """, BotFrameworkJson.Options)!;

        var turn = ActivityToTurn.Read(activity)!;

        var text = Assert.IsType<TextInput>(turn.Input);
        Assert.Equal(["29:alex", "29:lynne"], text.Mentions.Select(m => m.Id));
        Assert.All(text.Mentions, m => Assert.Equal("t1", m.TenantId));
        var file = Assert.Single(text.Files);
        Assert.Equal(("team.csv", "https://contoso.sharepoint.com/x.csv"), (file.Name, file.DownloadUrl));
        Assert.False(turn.Conversation.IsPersonal);
    }

    [Fact]
    public async Task Members_are_read_across_pages_and_found_by_email()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var adapter = h.Bot.Services.GetRequiredService<BotFrameworkChannelAdapter>();
        var where = new ConversationRef(ActivityToTurn.Channel, "19:team", false,
            new Dictionary<string, string> { [Address.ServiceUrl] = h.Connector.ServiceUrl, [Address.TenantId] = "t1" });

        var members = await adapter.GetMembersAsync(where, CancellationToken.None);

        Assert.Equal(h.Connector.Members.Count, members.Count);
        Assert.Contains(members, m => m.User.Id == EnrollmentHarness.AlexId && m.Email == EnrollmentHarness.AlexEmail);
        Assert.Equal("29:megan", (await adapter.FindUserByEmailAsync(where, "MEGANB@example.com", CancellationToken.None))?.Id);
        Assert.Null(await adapter.FindUserByEmailAsync(where, "ghost@example.com", CancellationToken.None));
    }

    [Fact]
    public async Task Downloads_refuse_other_hosts_over_http_and_files_over_the_limit()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var adapter = h.Bot.Services.GetRequiredService<BotFrameworkChannelAdapter>();
        var where = new ConversationRef(ActivityToTurn.Channel, "a", true, new Dictionary<string, string> { [Address.ServiceUrl] = h.Connector.ServiceUrl });

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            adapter.DownloadAsync(where, new InboundFile("x.csv", "text/csv", "http://example.org/x.csv"), 1000, CancellationToken.None));
        // The connector host itself is allowed; its member list is a few hundred bytes, over a 10-byte limit.
        await Assert.ThrowsAsync<InvalidDataException>(() =>
            adapter.DownloadAsync(where, new InboundFile("m.json", "application/json", h.Connector.ServiceUrl + "/v3/conversations/a/pagedmembers"), 10, CancellationToken.None));
        var bytes = await adapter.DownloadAsync(where, new InboundFile("m.json", "application/json", h.Connector.ServiceUrl + "/v3/conversations/a/pagedmembers"), 10_000, CancellationToken.None);
        Assert.Contains("alexw@example.com", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }
}

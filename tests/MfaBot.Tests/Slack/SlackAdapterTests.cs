using MfaBot.Channels.Slack.Bridge;
using MfaBot.Channels.Slack.WebApi;
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

    [Fact]
    public async Task Opening_a_direct_message_throws_a_delivery_failure_when_throttled_and_answers_null_when_Slack_refuses()
    {
        await using var h = await SlackHarness.StartAsync(extra: new Dictionary<string, string?> { ["Slack:ApiMaxAttempts"] = "1" });
        var adapter = h.Bot.Services.GetRequiredService<SlackChannelAdapter>();
        var megan = new ChatUser("slack", "U0MEGAN", SlackHarness.Team, null, "Megan Bowen");
        h.Slack.RateLimit("conversations.open", 1, 7);
        h.Slack.OpenErrors["U0GONE"] = "user_not_found";

        var pace = new RecordingPace();
        SlackApiException throttled;
        using (OutboundPacing.Use(pace))
            throttled = await Assert.ThrowsAsync<SlackApiException>(() => adapter.OpenPersonalAsync(Channel("C0TEAM"), megan, CancellationToken.None));
        var opened = await adapter.OpenPersonalAsync(Channel("C0TEAM"), megan, CancellationToken.None);
        var gone = await adapter.OpenPersonalAsync(Channel("C0TEAM"), megan with { Id = "U0GONE" }, CancellationToken.None);

        Assert.Equal((DeliveryFailure.Transient, TimeSpan.FromSeconds(7), false, 429), (throttled.Failure, throttled.RetryAfter, throttled.MayHaveBeenDelivered, throttled.HttpStatus));
        Assert.Equal((1, TimeSpan.FromSeconds(7)), (pace.Waits, pace.ThrottledFor));
        Assert.Equal("DU0MEGAN", opened!.Id);
        Assert.Null(gone);
    }

    [Theory]
    [InlineData("user_not_found", 200, DeliveryFailure.NotFound, false)]
    [InlineData("not_in_channel", 200, DeliveryFailure.NotFound, false)]
    [InlineData("cannot_dm_bot", 200, DeliveryFailure.Refused, false)]
    [InlineData("account_inactive", 200, DeliveryFailure.Refused, false)]
    [InlineData("ratelimited", 429, DeliveryFailure.Transient, false)]
    [InlineData("invalid_response", 503, DeliveryFailure.Transient, false)]
    [InlineData("invalid_response", 504, DeliveryFailure.Transient, true)]
    [InlineData(SlackApiException.Unreachable, 0, DeliveryFailure.Transient, true)]
    public void Slack_errors_map_to_channel_neutral_delivery_failures(string error, int status, DeliveryFailure failure, bool mayHaveBeenDelivered)
    {
        ChannelDeliveryException e = new SlackApiException("chat.postMessage", error, status);

        Assert.Equal((failure, mayHaveBeenDelivered), (e.Failure, e.MayHaveBeenDelivered));
        Assert.Contains(error, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Sees what the Slack HTTP pipeline asks of the ambient pace.</summary>
    private sealed class RecordingPace : IOutboundPace
    {
        public int Waits { get; private set; }
        public TimeSpan? ThrottledFor { get; private set; }

        public ValueTask WaitAsync(CancellationToken ct)
        {
            Waits++;
            return ValueTask.CompletedTask;
        }

        public ValueTask ThrottledAsync(TimeSpan? retryAfter, CancellationToken ct)
        {
            ThrottledFor = retryAfter;
            return ValueTask.CompletedTask;
        }
    }
}

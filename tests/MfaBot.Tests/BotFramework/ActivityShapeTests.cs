using System.Net;
using System.Text;
using MfaBot.LoadTest.Channel;
using MfaBot.Tests.Reliability;

namespace MfaBot.Tests.BotFramework;

/// <summary>Found by the hostile-payload run: these were accepted with 202 and then failed in the background.</summary>
public class ActivityShapeTests
{
    [Theory]
    [InlineData("serviceUrl", "\"not a url\"", "serviceUrl must be an absolute http(s) URL")]
    [InlineData("serviceUrl", "\"file:///etc/passwd\"", "serviceUrl must be an absolute http(s) URL")]
    [InlineData("channelId", "\"\\u0000\"", "channelId must be 1 to 256 characters")]
    [InlineData("from", "{\"id\":\"LONG\"}", "from.id must be 1 to 256 characters")]
    [InlineData("id", "\"LONG\"", "id must be 1 to 256 characters")]
    [InlineData("conversation", "{\"id\":\"" + "x" + "\"}", null)]
    [InlineData("conversation", "{\"id\":\"x\",\"tenantId\":\"LONG\"}", "tenant id must be 1 to 256 characters")]
    [InlineData("from", "{\"id\":\"29:x\",\"name\":\"a\\u0007b\"}", "from.name must be 1 to 256 characters")]
    [InlineData("replyToId", "\"LONG\"", "replyToId must be 1 to 256 characters")]
    [InlineData("value", "{\"step\":\"enroll.codes\",\"code1\":\"\\ud800\"}", "activity JSON has a string that is not well-formed text")]
    public async Task Activities_whose_ids_or_service_url_the_bot_could_not_use_are_refused_with_400(string field, string json, string? problem)
    {
        var logs = new ProblemLogs();
        await using var bot = await ReliabilityBot.StartAsync(people: 1, logs);
        var activity = Person.Numbered(0).Message(bot.Connector.ServiceUrl, "help");
        activity.Remove(field);
        var body = activity.ToJsonString().TrimEnd('}') + $",\"{field}\":{json.Replace("LONG", new string('1', 300), StringComparison.Ordinal)}}}";

        using var response = await bot.Http.PostAsync(bot.Bot.BaseUrl + "/api/messages", new StringContent(body, Encoding.UTF8, "application/json"));

        if (problem is null)
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            return;
        }
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(problem, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

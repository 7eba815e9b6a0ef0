using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MfaBot.LeakScan.Recording;

namespace MfaBot.Tests.Support;

/// <summary>One person chatting with the bot the way the Teams channel delivers it: activities POSTed to /api/messages.</summary>
public sealed class TeamsChat(HttpClient http, string botUrl, TestConnector connector, string userId, string userName,
    string conversationId = "", string conversationType = "personal")
{
    public const string TenantId = "00000000-0000-0000-0000-000000000001";

    public string ConversationId { get; } = conversationId.Length > 0 ? conversationId : "personal-" + userId;

    public TestConnector Connector => connector;

    public string UserId => userId;

    public bool IsPersonal => conversationType == "personal";

    /// <summary>The IANA zone the Teams client reports as the activity's localTimezone; none when null.</summary>
    public string? LocalTimezone { get; set; }

    public Task SayAsync(string text) => PostAsync(Activity("message", a => a["text"] = text));

    /// <summary>Clicks an Action.Submit on the card in <paramref name="cardActivityId"/>: data merged with the inputs (codes typed are recorded).</summary>
    public Task SubmitAsync(string cardActivityId, JsonObject value)
    {
        RunLedger.Codes([.. value.Select(p => (p.Value as JsonValue)?.ToString() ?? "")]);
        return PostAsync(Activity("message", a =>
        {
            a["replyToId"] = cardActivityId;
            a["value"] = value;
        }));
    }

    public Task InstallAsync() => PostAsync(Activity("installationUpdate", a => a["action"] = "add"));

    public JsonObject Activity(string type, Action<JsonObject>? shape = null)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = Guid.NewGuid().ToString(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = connector.ServiceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = userId, ["name"] = userName, ["aadObjectId"] = "aad-" + userId },
            ["recipient"] = new JsonObject { ["id"] = "28:mfabot", ["name"] = "MfaBot" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = conversationType, ["tenantId"] = TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        if (LocalTimezone is not null) activity["localTimezone"] = LocalTimezone;
        shape?.Invoke(activity);
        return activity;
    }

    public async Task<HttpResponseMessage> PostAsync(JsonObject activity)
    {
        var response = await http.PostAsJsonAsync(botUrl + "/api/messages", activity);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"/api/messages answered {(int)response.StatusCode}");
        return response;
    }

    /// <summary>Waits for the bot's next message in this conversation after <paramref name="skip"/> calls.</summary>
    public Task<TestConnector.Call> NextAsync(Func<TestConnector.Call, bool> match, int skip) =>
        connector.WaitForAsync(c => c.ConversationId == ConversationId && match(c), skip);
}

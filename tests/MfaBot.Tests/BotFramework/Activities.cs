using System.Text.Json.Nodes;

namespace MfaBot.Tests.BotFramework;

/// <summary>Activity JSON as the Teams App Test Tool sends it.</summary>
public static class Activities
{
    public const string ServiceUrl = "http://localhost:56150/_connector";

    public static JsonObject Message(string id, string conversationId = "conv-1", string text = "hello", string serviceUrl = ServiceUrl) => new()
    {
        ["type"] = "message",
        ["id"] = id,
        ["timestamp"] = "2025-01-02T03:04:05.678Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "user-id-0", ["name"] = "Alex Wilber", ["aadObjectId"] = "00000000-0000-0000-0000-0000000000020" },
        ["recipient"] = new JsonObject { ["id"] = "00000000-0000-0000-0000-00000000000011", ["name"] = "Test Bot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = "00000000-0000-0000-0000-0000000000001" },
        ["text"] = text,
        ["locale"] = "en-US",
    };

    public static JsonObject Invoke(string id, string name = "adaptiveCard/action")
    {
        var activity = Message(id, text: "");
        activity["type"] = "invoke";
        activity["name"] = name;
        activity["value"] = new JsonObject { ["action"] = new JsonObject { ["verb"] = "start" } };
        return activity;
    }
}

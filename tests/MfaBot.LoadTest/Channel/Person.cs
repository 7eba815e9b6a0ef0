using System.Text.Json.Nodes;

namespace MfaBot.LoadTest.Channel;

/// <summary>Someone in a personal (1:1) Teams chat with the bot. <paramref name="Local"/> is the email's local part.</summary>
public sealed record Person(string Local)
{
    /// <summary>A tenant id in GUID form without digits: "00000000-…", cut by an SQLite page boundary, read as the code 000000.</summary>
    public const string TenantId = "abcdefab-cdef-abcd-efab-cdefabcdefab";

    public string UserId => "29:" + Local;

    public string Email => ChannelConnector.EmailOf(UserId);

    public string ConversationId => "personal-" + Local;

    /// <summary>Person <paramref name="i"/>, named in letters (load-baa): digits in ids would meet the codes the scan looks for.</summary>
    public static Person Numbered(int i) => new("load-" + ActivityIds.Letters(i));

    /// <summary>An activity as the Teams channel shapes it; <paramref name="shape"/> adds text, value, replyToId.</summary>
    public JsonObject Activity(string serviceUrl, string type, Action<JsonObject>? shape = null)
    {
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = ActivityIds.Random(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = Local, ["aadObjectId"] = "aad-" + Local },
            ["recipient"] = new JsonObject { ["id"] = "28:bot", ["name"] = "Bot" },
            ["conversation"] = new JsonObject { ["id"] = ConversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
            ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
        };
        shape?.Invoke(activity);
        return activity;
    }

    public JsonObject Message(string serviceUrl, string text) => Activity(serviceUrl, "message", a => a["text"] = text);

    /// <summary>An Action.Submit click on the card <paramref name="cardActivityId"/>.</summary>
    public JsonObject Submit(string serviceUrl, string cardActivityId, JsonObject value) => Activity(serviceUrl, "message", a =>
    {
        a["replyToId"] = cardActivityId;
        a["value"] = value;
    });
}

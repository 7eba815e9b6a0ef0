using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MfaBot.Channels.BotFramework.Schema;

/// <summary>The connector's answer to a send/reply/update: the new activity id (null when the channel gave none).</summary>
public sealed class ResourceResponse
{
    public string? Id { get; set; }
}

public sealed class ConversationResourceResponse
{
    public string? Id { get; set; }
    public string? ActivityId { get; set; }
    public string? ServiceUrl { get; set; }
}

/// <summary>Body of POST v3/conversations.</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }
    public ChannelAccount? Bot { get; set; }
    public List<ChannelAccount>? Members { get; set; }
    public string? TopicName { get; set; }
    public string? TenantId { get; set; }
    public Activity? Activity { get; set; }
    public JsonNode? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>A 1:1 chat between the bot and one member, as Teams requires it (tenant in two places).</summary>
    public static ConversationParameters Personal(ChannelAccount bot, ChannelAccount member, string tenantId) => new()
    {
        IsGroup = false,
        Bot = bot,
        Members = [member],
        TenantId = tenantId,
        ChannelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } },
    };
}

/// <summary>A page of members; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed class PagedMembersResult
{
    public List<TeamsChannelAccount>? Members { get; set; }
    public string? ContinuationToken { get; set; }
}

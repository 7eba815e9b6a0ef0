using System.Text.Json;
using System.Text.Json.Serialization;

namespace MfaBot.Channels.BotFramework.Schema;

/// <summary>A user or bot in a conversation; <see cref="Id"/> is the channel's own id (in Teams "29:…").</summary>
public class ChannelAccount
{
    public string? Id { get; set; }
    public string? Name { get; set; }
    public string? AadObjectId { get; set; }
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A member as the Teams connector describes it, with directory details.</summary>
public sealed class TeamsChannelAccount : ChannelAccount
{
    public string? Email { get; set; }
    public string? UserPrincipalName { get; set; }
    public string? TenantId { get; set; }
    public string? GivenName { get; set; }
    public string? Surname { get; set; }
    public string? UserRole { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }

    /// <summary>"personal", "groupChat" or "channel" in Teams.</summary>
    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }
    public bool? IsGroup { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MfaBot.Channels.BotFramework.Schema;

/// <summary>
/// The subset of the Bot Framework activity MfaBot reads or writes. Every other field is kept in
/// <see cref="ExtensionData"/> so that it survives a round trip unchanged.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public DateTimeOffset? Timestamp { get; set; }
    public string? ServiceUrl { get; set; }
    public string? ChannelId { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? ReplyToId { get; set; }
    public JsonElement? Value { get; set; }
    public string? Name { get; set; }
    public string? Action { get; set; }
    public List<ChannelAccount>? MembersAdded { get; set; }
    public List<ChannelAccount>? MembersRemoved { get; set; }
    public List<Attachment>? Attachments { get; set; }
    public List<JsonElement>? Entities { get; set; }
    public JsonElement? ChannelData { get; set; }
    public string? Locale { get; set; }
    public string? LocalTimezone { get; set; }
    public string? LocalTimestamp { get; set; }
    public string? InputHint { get; set; }
    public string? Summary { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>The address of this activity's conversation, to reply now or message later.</summary>
    public ConversationReference GetConversationReference() => new()
    {
        ActivityId = Id,
        User = From,
        Bot = Recipient,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
    };

    /// <summary>A message answering this activity: sender and recipient swapped, same conversation.</summary>
    public Activity CreateReply(string? text = null)
    {
        var reply = GetConversationReference().CreateMessageActivity(text);
        reply.ReplyToId = Id;
        return reply;
    }
}

/// <summary>One attachment; <see cref="Content"/> is mutable so that card templates can be bound in place.</summary>
public sealed class Attachment
{
    public string? ContentType { get; set; }
    public JsonNode? Content { get; set; }
    public string? ContentUrl { get; set; }
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

namespace MfaBot.Channels.BotFramework.Schema;

/// <summary>Everything needed to post into a conversation later (proactive messages).</summary>
public sealed class ConversationReference
{
    public string? ActivityId { get; set; }
    public ChannelAccount? User { get; set; }
    public ChannelAccount? Bot { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ChannelId { get; set; }
    public string? ServiceUrl { get; set; }
    public string? Locale { get; set; }

    /// <summary>A new message from the bot to this conversation (not a reply to any activity).</summary>
    public Activity CreateMessageActivity(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        From = Bot,
        Recipient = User,
        Conversation = Conversation,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        Locale = Locale,
        Text = text,
    };
}

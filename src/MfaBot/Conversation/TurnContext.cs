namespace MfaBot.Conversation;

/// <summary>A turn plus the means to answer it: what a dialog step works with.</summary>
public sealed class TurnContext(Turn turn, IChannelAdapter channel)
{
    public Turn Turn { get; } = turn;
    public ChatUser User => Turn.User;
    public ConversationRef Conversation => Turn.Conversation;
    public IChannelAdapter Channel { get; } = channel;

    public Task<string?> SendAsync(OutboundMessage message, CancellationToken ct) => Channel.SendAsync(Conversation, message, ct);

    public Task<string?> SayAsync(string text, CancellationToken ct) => SendAsync(OutboundMessage.Say(text), ct);

    /// <summary>
    /// Says something to this person alone: here when this is their 1:1 chat with the bot, else in that 1:1 chat.
    /// False when it cannot be opened (nothing was said).
    /// </summary>
    public async Task<bool> SayPrivatelyAsync(string text, CancellationToken ct)
    {
        if (Conversation.IsPersonal)
        {
            await SayAsync(text, ct);
            return true;
        }
        if (await Channel.OpenPersonalAsync(Conversation, User, ct) is not { } personal) return false;
        await Channel.SendAsync(personal, OutboundMessage.Say(text), ct);
        return true;
    }

    public Task UpdateAsync(string messageId, OutboundMessage message, CancellationToken ct) => Channel.UpdateAsync(Conversation, messageId, message, ct);

    private Task<UserProfile?>? _profile;

    /// <summary>
    /// The person's profile, asked of the platform once per turn: identity mapping, the time zone and the audit actor
    /// all read it, and each ask is a call to Teams or Slack.
    /// </summary>
    public Task<UserProfile?> GetProfileAsync(CancellationToken ct) => _profile ??= Channel.GetProfileAsync(Conversation, User, ct);

    /// <summary>The person's time zone: from the event (Teams), else from their profile (Slack); null when the channel does not say.</summary>
    public async Task<TimeZoneInfo?> TimeZoneAsync(CancellationToken ct) => Turn.TimeZone ?? (await GetProfileAsync(ct))?.TimeZone;
}

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

    public Task UpdateAsync(string messageId, OutboundMessage message, CancellationToken ct) => Channel.UpdateAsync(Conversation, messageId, message, ct);

    public Task<UserProfile?> GetProfileAsync(CancellationToken ct) => Channel.GetProfileAsync(Conversation, User, ct);

    private TimeZoneInfo? _zone;
    private bool _zoneAsked;

    /// <summary>The person's time zone: from the event, else from their profile (Slack); null when the channel does not say.</summary>
    public async Task<TimeZoneInfo?> TimeZoneAsync(CancellationToken ct)
    {
        if (Turn.TimeZone is { } zone) return zone;
        if (!_zoneAsked)
        {
            _zone = (await GetProfileAsync(ct))?.TimeZone;
            _zoneAsked = true;
        }
        return _zone;
    }

    /// <summary><paramref name="at"/> as text for this person (see <see cref="PersonTime.Text"/>).</summary>
    public async Task<string> TimeTextAsync(DateTimeOffset at, DateTimeOffset now, CancellationToken ct) =>
        PersonTime.Text(at, await TimeZoneAsync(ct), now);
}

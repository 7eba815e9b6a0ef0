namespace MfaBot.Conversation;

/// <summary>
/// One incoming event from a person, in channel-neutral terms. Built by channel code from a request it has
/// authenticated; feature code trusts <see cref="User"/> and <see cref="Conversation"/> and nothing inside
/// <see cref="Input"/> beyond what the person typed.
/// </summary>
public sealed record Turn(string Id, ChatUser User, ConversationRef Conversation, TurnInput Input)
{
    /// <summary>The person's time zone when the event itself says (Teams' localTimezone); see <see cref="TurnContext.TimeZoneAsync"/>.</summary>
    public TimeZoneInfo? TimeZone { get; init; }
}

/// <summary>A person as the chat platform vouches for them.</summary>
/// <param name="Channel">"msteams" or "slack".</param>
/// <param name="Id">The platform's user id (Teams: 29:…; Slack: U…).</param>
/// <param name="TenantId">Entra tenant or Slack team id.</param>
public sealed record ChatUser(string Channel, string Id, string? TenantId, string? AadObjectId, string? Name)
{
    /// <summary>The longest <see cref="Key"/>: with a store prefix it stays within a state key's 512 characters.</summary>
    public const int MaxKeyLength = 400;

    /// <summary>
    /// Stable key for per-person state. A channel may send a tenant and an id of up to 256 characters each, which
    /// together would not fit a state key, so such a pair is keyed by its hash (no real platform id is that long).
    /// </summary>
    public string Key
    {
        get
        {
            var key = $"{Channel}/{TenantId}/{Id}";
            return key.Length <= MaxKeyLength
                ? key
                : $"{Channel}/~{Storage.StateKey.Digest(key)}";
        }
    }
}

/// <summary>Where to talk to someone. <see cref="Address"/> is routing data only the channel interprets.</summary>
public sealed record ConversationRef(string Channel, string Id, bool IsPersonal, IReadOnlyDictionary<string, string> Address);

public abstract record TurnInput;

/// <summary>
/// Text the person typed, with platform mentions of the bot removed. <see cref="Mentions"/> are the people
/// the text mentions (platform-verified ids); <see cref="Files"/> are files attached to the message.
/// </summary>
public sealed record TextInput(string Text) : TurnInput
{
    public IReadOnlyList<ChatUser> Mentions { get; init; } = [];

    public IReadOnlyList<InboundFile> Files { get; init; } = [];
}

/// <summary>A message longer than <see cref="TypedText.MaxLength"/>: not parsed, only answered.</summary>
public sealed record OversizedText(int Length) : TurnInput;

/// <summary>A file attached to a message; fetch it with <see cref="IChannelAdapter.DownloadAsync"/>.</summary>
public sealed record InboundFile(string Name, string? ContentType, string DownloadUrl);

/// <summary>
/// A button on a card. <see cref="Step"/> names what was clicked; <see cref="Inputs"/> holds what the person typed
/// into the card's fields. <see cref="CardMessageId"/> is the message the card lives in, when the platform says.
/// </summary>
public sealed record CardAction(string Step, IReadOnlyDictionary<string, string> Inputs, string? CardMessageId) : TurnInput;

/// <summary>The bot was added for this person (install or first contact).</summary>
public sealed record Installed : TurnInput;

namespace MfaBot.Conversation;

/// <summary>
/// Counts the new messages a turn posts into its own conversation. A person gets one answer per turn (a card may be
/// updated besides); the router reports a turn that posted more, so a second message cannot creep in unnoticed.
/// Channel adapters report each message they post; the count flows with the turn's async context.
/// </summary>
public sealed class TurnMessages
{
    private static readonly AsyncLocal<TurnMessages?> Current = new();
    private readonly string _channel;
    private readonly string _conversationId;
    private int _posted;

    private TurnMessages(ConversationRef conversation)
    {
        _channel = conversation.Channel;
        _conversationId = conversation.Id;
    }

    public int Posted => Volatile.Read(ref _posted);

    /// <summary>Starts counting for the turn running in this async context.</summary>
    public static TurnMessages Begin(ConversationRef conversation) => Current.Value = new TurnMessages(conversation);

    /// <summary>Called by a channel adapter for each new message it posts.</summary>
    public static void Record(ConversationRef to)
    {
        if (Current.Value is { } turn && turn._conversationId == to.Id && turn._channel == to.Channel) Interlocked.Increment(ref turn._posted);
    }
}

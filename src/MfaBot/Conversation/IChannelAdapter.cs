namespace MfaBot.Conversation;

/// <summary>What feature code may ask of a chat platform. One implementation per channel.</summary>
public interface IChannelAdapter
{
    /// <summary>"msteams" or "slack": matches <see cref="ConversationRef.Channel"/>.</summary>
    string Channel { get; }

    /// <summary>Sends a message; returns its id when the platform gives one (needed to update it later).</summary>
    Task<string?> SendAsync(ConversationRef to, OutboundMessage message, CancellationToken ct);

    /// <summary>Replaces a message the bot sent. Any image it carried stops being served.</summary>
    Task UpdateAsync(ConversationRef to, string messageId, OutboundMessage message, CancellationToken ct);

    /// <summary>The person's email/UPN as the platform knows it; null when the platform does not say.</summary>
    Task<UserProfile?> GetProfileAsync(ConversationRef where, ChatUser user, CancellationToken ct);

    /// <summary>A private 1:1 conversation with the person, or null when it cannot be opened.</summary>
    Task<ConversationRef?> OpenPersonalAsync(ConversationRef origin, ChatUser user, CancellationToken ct);

    /// <summary>Everyone in a conversation (a Teams team or chat roster, a Slack channel), with emails.</summary>
    Task<IReadOnlyList<ChatMember>> GetMembersAsync(ConversationRef where, CancellationToken ct);

    /// <summary>
    /// The chat user with this email, as reachable from <paramref name="where"/> (Teams: its roster;
    /// Slack: the workspace); null when there is none.
    /// </summary>
    Task<ChatUser?> FindUserByEmailAsync(ConversationRef where, string email, CancellationToken ct);

    /// <summary>The bytes of an attached file, refusing files over <paramref name="maxBytes"/>.</summary>
    Task<byte[]> DownloadAsync(ConversationRef where, InboundFile file, long maxBytes, CancellationToken ct);

    /// <summary>
    /// A shared conversation named in settings (e.g. the coverage digest's channel), to post to without a message from
    /// it; null when <paramref name="platform"/> ("msteams", "slack") is not served by this adapter.
    /// </summary>
    ConversationRef? Configured(string platform, string conversationId, IReadOnlyDictionary<string, string> address);
}

/// <summary>Finds the adapter for a stored conversation (proactive messages, sweepers).</summary>
public sealed class ChannelAdapters(IEnumerable<IChannelAdapter> adapters)
{
    private readonly Dictionary<string, IChannelAdapter> _byChannel = adapters.ToDictionary(a => a.Channel, StringComparer.OrdinalIgnoreCase);

    public IChannelAdapter For(ConversationRef conversation) =>
        _byChannel.TryGetValue(conversation.Channel, out var adapter)
            ? adapter
            : throw new InvalidOperationException($"No channel adapter is registered for '{conversation.Channel}'.");

    /// <inheritdoc cref="IChannelAdapter.Configured"/>
    public ConversationRef Configured(string platform, string conversationId, IReadOnlyDictionary<string, string> address) =>
        _byChannel.Values.Select(a => a.Configured(platform, conversationId, address)).FirstOrDefault(c => c is not null)
            ?? throw new InvalidOperationException($"No channel adapter serves the platform '{platform}'.");
}

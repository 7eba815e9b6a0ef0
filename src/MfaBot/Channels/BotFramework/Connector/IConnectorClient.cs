using MfaBot.Channels.BotFramework.Schema;

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>
/// The Bot Connector REST API at an activity's serviceUrl. Retries throttling and transient errors;
/// everything else fails with <see cref="ConnectorException"/>.
/// </summary>
public interface IConnectorClient
{
    Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct);

    Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct);

    Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct);

    Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct);

    Task<TeamsChannelAccount> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct);

    /// <summary>Creates (or finds) a conversation, e.g. <see cref="ConversationParameters.Personal"/> for a proactive 1:1.</summary>
    Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct);

    /// <summary>One page of a conversation's members (GET v3/conversations/{id}/pagedmembers).</summary>
    Task<PagedMembersResult> GetConversationPagedMembersAsync(string serviceUrl, string conversationId, string? continuationToken, CancellationToken ct);
}

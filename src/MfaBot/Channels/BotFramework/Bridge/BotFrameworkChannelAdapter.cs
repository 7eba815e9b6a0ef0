using System.Net;
using MfaBot.Channels.BotFramework.Connector;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Channels.Inbound;
using MfaBot.Conversation;
using MfaBot.Identity;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>Feature messages to and from Teams (and any Bot Framework channel) through the Bot Connector API.</summary>
public sealed class BotFrameworkChannelAdapter(IConnectorClient connector, AdaptiveCardRenderer renderer, CardImageHost images,
    IHttpClientFactory httpClients, LookupCache recent) : IChannelAdapter
{
    public string Channel => ActivityToTurn.Channel;

    /// <summary>Teams ("msteams", the activity's channel id, as a Teams message's conversation carries it).</summary>
    public ConversationRef? Configured(string platform, string conversationId, IReadOnlyDictionary<string, string> address)
    {
        if (platform != "msteams") return null;
        var withChannel = new Dictionary<string, string>(address, StringComparer.Ordinal);
        withChannel.TryAdd("channelId", platform);
        return new ConversationRef(ActivityToTurn.Channel, conversationId, IsPersonal: false, withChannel);
    }

    public async Task<string?> SendAsync(ConversationRef to, OutboundMessage message, CancellationToken ct)
    {
        var reference = ReferenceOf(to);
        // A text with a card gets no activity id from some channels, so a card that may be updated goes on its own.
        if (message.Card is not null && message.Text is not null)
        {
            await SendActivityAsync(reference, renderer.Render(reference, message with { Card = null, Image = null }, null), ct);
            TurnMessages.Record(to);
            message = message with { Text = null };
        }
        var image = message.Image is null ? null : await images.PublishAsync(message.Image, ct);
        var id = await SendActivityAsync(reference, renderer.Render(reference, message, image?.Url), ct);
        TurnMessages.Record(to);
        if (image is not null && id is not null) await images.AttachAsync(image, to.Id, id, ct);
        return id;
    }

    public async Task UpdateAsync(ConversationRef to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        var reference = ReferenceOf(to);
        var image = message.Image is null ? null : await images.PublishAsync(message.Image, ct);
        var activity = renderer.Render(reference, message, image?.Url);
        activity.Id = messageId;
        // The old version's image (a QR code) stops being served before the card changes, never after.
        await images.RevokeForMessageAsync(to.Id, messageId, ct);
        await connector.UpdateActivityAsync(reference.ServiceUrl!, to.Id, messageId, activity, ct);
        if (image is not null) await images.AttachAsync(image, to.Id, messageId, ct);
    }

    public Task<UserProfile?> GetProfileAsync(ConversationRef where, ChatUser user, CancellationToken ct) =>
        recent.GetAsync($"profile/{Channel}/{user.Id}", () => LookUpProfileAsync(where, user, ct));

    private async Task<UserProfile?> LookUpProfileAsync(ConversationRef where, ChatUser user, CancellationToken ct)
    {
        try
        {
            var member = await connector.GetConversationMemberAsync(where.Address[Address.ServiceUrl], where.Id, user.Id, ct);
            return new UserProfile(member.Email, member.UserPrincipalName, member.Name);
        }
        catch (ConnectorException e) when (e.Kind == ConnectorErrorKind.NotFound || e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<ConversationRef?> OpenPersonalAsync(ConversationRef origin, ChatUser user, CancellationToken ct)
    {
        var reference = ReferenceOf(origin);
        var tenant = origin.Address.GetValueOrDefault(Address.TenantId);
        if (string.IsNullOrEmpty(tenant)) return null;
        try
        {
            var created = await connector.CreateConversationAsync(reference.ServiceUrl!,
                ConversationParameters.Personal(reference.Bot!, new ChannelAccount { Id = user.Id }, tenant), ct);
            if (created.Id is null) return null;
            return origin with { Id = created.Id, IsPersonal = true };
        }
        catch (ConnectorException e) when (e.Failure != DeliveryFailure.Transient)
        {
            // Throttling and outages propagate: the caller may try again; a refusal means "cannot be opened".
            return null;
        }
    }

    public async Task<IReadOnlyList<ChatMember>> GetMembersAsync(ConversationRef where, CancellationToken ct)
    {
        var serviceUrl = where.Address[Address.ServiceUrl];
        var channelId = where.Address.GetValueOrDefault(Address.ChannelId) ?? "msteams";
        var tenant = where.Address.GetValueOrDefault(Address.TenantId) is { Length: > 0 } t ? t : null;
        var members = new List<ChatMember>();
        string? continuation = null;
        do
        {
            var page = await connector.GetConversationPagedMembersAsync(serviceUrl, where.Id, continuation, ct);
            foreach (var m in page.Members ?? [])
                if (m.Id is { Length: > 0 } id)
                    members.Add(new ChatMember(new ChatUser(channelId, id, m.TenantId ?? tenant, m.AadObjectId, m.Name), m.Email ?? m.UserPrincipalName));
            continuation = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
        }
        while (continuation is not null && members.Count < MaxMembers);
        return members;
    }

    public async Task<ChatUser?> FindUserByEmailAsync(ConversationRef where, string email, CancellationToken ct) =>
        (await GetMembersAsync(where, ct)).FirstOrDefault(m => string.Equals(m.Email, email, StringComparison.OrdinalIgnoreCase))?.User;

    public async Task<byte[]> DownloadAsync(ConversationRef where, InboundFile file, long maxBytes, CancellationToken ct)
    {
        // Only https (Teams hands out pre-authorized SharePoint links) or the channel's own host (local tools).
        if (!Uri.TryCreate(file.DownloadUrl, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && !string.Equals(url.Host, new Uri(where.Address[Address.ServiceUrl]).Host, StringComparison.OrdinalIgnoreCase)))
            throw new InvalidDataException("The attachment's address is not one the bot downloads from.");
        using var response = await httpClients.CreateClient(DownloadClientName).GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        return await BoundedContent.ReadAsync(response.Content, maxBytes, ct);
    }

    public const string DownloadClientName = "MfaBot.BotFramework.Download";

    /// <summary>Rosters beyond this are cut: a campaign that large is split by the manager.</summary>
    private const int MaxMembers = 20_000;

    /// <summary>
    /// A Teams channel thread is addressed as "19:…@thread.tacv2;messageid={root}": a message for it goes as a reply to
    /// the root (reply-to-activity, as Bot Framework bots answer in threads), so it lands in the thread, not as a new post.
    /// </summary>
    private async Task<string?> SendActivityAsync(ConversationReference reference, Activity activity, CancellationToken ct)
    {
        var conversationId = reference.Conversation!.Id!;
        if (ThreadRootOf(conversationId) is not { } root)
            return (await connector.SendToConversationAsync(reference.ServiceUrl!, conversationId, activity, ct)).Id;
        activity.ReplyToId = root;
        return (await connector.ReplyToActivityAsync(reference.ServiceUrl!, conversationId, root, activity, ct)).Id;
    }

    private const string ThreadMarker = ";messageid=";

    /// <summary>The thread's root message id in a threaded conversation id, else null.</summary>
    public static string? ThreadRootOf(string conversationId)
    {
        var at = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var root = conversationId[(at + ThreadMarker.Length)..];
        var end = root.IndexOf(';', StringComparison.Ordinal);
        if (end >= 0) root = root[..end];
        return root.Length > 0 ? root : null;
    }

    private static ConversationReference ReferenceOf(ConversationRef conversation)
    {
        var address = conversation.Address;
        return new ConversationReference
        {
            ChannelId = address.GetValueOrDefault(Address.ChannelId),
            ServiceUrl = address[Address.ServiceUrl],
            Bot = new ChannelAccount { Id = address.GetValueOrDefault(Address.BotId), Name = address.GetValueOrDefault(Address.BotName) },
            User = new ChannelAccount { Id = address.GetValueOrDefault(Address.UserId) },
            Conversation = new ConversationAccount
            {
                Id = conversation.Id,
                TenantId = address.GetValueOrDefault(Address.TenantId) is { Length: > 0 } t ? t : null,
                ConversationType = conversation.IsPersonal ? "personal" : null,
            },
        };
    }
}

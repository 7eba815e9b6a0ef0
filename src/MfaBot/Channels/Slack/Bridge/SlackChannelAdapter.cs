using System.Text.Json.Nodes;
using MfaBot.Channels.Slack.Rendering;
using MfaBot.Channels.Slack.WebApi;
using MfaBot.Conversation;
using MfaBot.Identity;

namespace MfaBot.Channels.Slack.Bridge;

/// <summary>
/// Feature messages to and from Slack through the Web API. A message's image (a QR code) is uploaded as a file into
/// the conversation, because image blocks take no data: URIs; it is deleted when the message is replaced.
/// </summary>
public sealed class SlackChannelAdapter(SlackMethods slack, SlackWebApi api, SlackMessageRenderer renderer, SlackMessageFiles files,
    LookupCache recent) : IChannelAdapter
{
    public const string ChannelName = "slack";
    private const string ImageFileName = "image.png";

    public string Channel => ChannelName;

    public ConversationRef? Configured(string platform, string conversationId, IReadOnlyDictionary<string, string> address) =>
        platform == ChannelName ? new ConversationRef(ChannelName, conversationId, IsPersonal: false, new Dictionary<string, string>(address, StringComparer.Ordinal)) : null;

    public async Task<string?> SendAsync(ConversationRef to, OutboundMessage message, CancellationToken ct)
    {
        // Slack shows a message's text only as its notification once it has blocks, so text goes on its own.
        if (message.Card is not null && message.Text is not null)
        {
            await SendAsync(to, message with { Card = null, Image = null }, ct);
            message = message with { Text = null };
        }
        var ts = await PublishAsync(to.Id, message.Image, async data =>
        {
            var rendered = renderer.Render(message, data);
            return await slack.PostMessageAsync(to.Id, rendered.Text, rendered.Blocks, ct);
        }, ct);
        TurnMessages.Record(to);
        return ts;
    }

    public async Task UpdateAsync(ConversationRef to, string messageId, OutboundMessage message, CancellationToken ct)
    {
        // The old image goes first: if the update then fails, at least nothing secret is left behind.
        await files.DeleteForMessageAsync(to.Id, messageId, ct);
        await PublishAsync(to.Id, message.Image, async data =>
        {
            var rendered = renderer.Render(message with { Text = message.Card is null ? message.Text : null }, data);
            await slack.UpdateMessageAsync(to.Id, messageId, rendered.Text, rendered.Blocks, ct);
            return messageId;
        }, ct);
    }

    /// <summary>
    /// Uploads the message's image (if any), publishes the message, and remembers the file with the message so that
    /// replacing the message deletes it. If publishing or remembering fails, the file is deleted at once: nothing
    /// would ever delete it later, and it may be a QR code of a seed.
    /// </summary>
    private async Task<string> PublishAsync(string channel, OutboundImage? png, Func<JsonObject?, Task<string>> publish, CancellationToken ct)
    {
        var image = png is null ? null : await UploadAsync(channel, png, ct);
        try
        {
            var ts = await publish(image?.Data);
            if (image is not null) await files.RememberAsync(channel, ts, image.FileId, ct);
            return ts;
        }
        catch when (image is not null)
        {
            await files.TryDeleteAsync(image.FileId, CancellationToken.None);
            throw;
        }
    }

    public Task<UserProfile?> GetProfileAsync(ConversationRef where, ChatUser user, CancellationToken ct) =>
        recent.GetAsync($"profile/{ChannelName}/{user.TenantId}/{user.Id}", () => LookUpProfileAsync(user, ct));

    private async Task<UserProfile?> LookUpProfileAsync(ChatUser user, CancellationToken ct)
    {
        try
        {
            var info = await slack.UserInfoAsync(user.Id, ct);
            return info.Deleted || info.IsBot ? null : new UserProfile(info.Email, null, info.Name, info.TimeZone);
        }
        catch (SlackApiException e) when (e.Error is "user_not_found" or "user_not_visible")
        {
            return null;
        }
    }

    public async Task<ConversationRef?> OpenPersonalAsync(ConversationRef origin, ChatUser user, CancellationToken ct)
    {
        try
        {
            var channel = await slack.OpenDirectMessageAsync(user.Id, ct);
            return new ConversationRef(ChannelName, channel, true, SlackAddress.For(user.TenantId, user.Id));
        }
        catch (SlackApiException e) when (e.Failure != DeliveryFailure.Transient)
        {
            // Throttling and outages propagate: the caller may try again; a refusal means "cannot be opened".
            return null;
        }
    }

    public async Task<IReadOnlyList<ChatMember>> GetMembersAsync(ConversationRef where, CancellationToken ct)
    {
        var members = new List<ChatMember>();
        string? cursor = null;
        do
        {
            var (ids, next) = await slack.ConversationMembersAsync(where.Id, cursor, ct);
            foreach (var id in ids)
            {
                var info = await slack.UserInfoAsync(id, ct);
                if (!info.IsBot && !info.Deleted) members.Add(new ChatMember(UserOf(info, where), info.Email));
            }
            cursor = next;
        }
        while (cursor is not null && members.Count < MaxMembers);
        return members;
    }

    public async Task<ChatUser?> FindUserByEmailAsync(ConversationRef where, string email, CancellationToken ct) =>
        await slack.LookupByEmailAsync(email, ct) is { IsBot: false, Deleted: false } info ? UserOf(info, where) : null;

    public Task<byte[]> DownloadAsync(ConversationRef where, InboundFile file, long maxBytes, CancellationToken ct) =>
        Uri.TryCreate(file.DownloadUrl, UriKind.Absolute, out var url)
            ? api.DownloadAsync(url, maxBytes, ct)
            : throw new InvalidDataException("The attachment's address is not one the bot downloads from.");

    /// <summary>Channels beyond this are cut: a campaign that large is split by the manager.</summary>
    private const int MaxMembers = 20_000;

    private static ChatUser UserOf(SlackUser info, ConversationRef where) =>
        new(ChannelName, info.Id, info.TeamId ?? where.Address.GetValueOrDefault(SlackAddress.Team), null, info.Name);

    private sealed record UploadedImage(string FileId, JsonObject Data);

    private async Task<UploadedImage> UploadAsync(string channel, OutboundImage image, CancellationToken ct)
    {
        var file = await slack.UploadFileAsync(channel, ImageFileName, image.Png, image.AltText, image.AltText, image.AltText, ct);
        return new UploadedImage(file.Id, new JsonObject { ["id"] = file.Id, ["url"] = file.Permalink, ["alt"] = image.AltText });
    }
}

/// <summary>Keys of <see cref="ConversationRef.Address"/> for Slack.</summary>
public static class SlackAddress
{
    public const string Team = "team";
    public const string User = "user";

    public static Dictionary<string, string> For(string? teamId, string userId) => new() { [Team] = teamId ?? "", [User] = userId };
}

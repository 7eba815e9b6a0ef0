using System.Globalization;
using System.Text.Json;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Conversation;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>Reads a (verified) activity as a channel-neutral turn; null for activities the bot ignores.</summary>
public static class ActivityToTurn
{
    public const string Channel = "botframework";

    public static Turn? Read(Activity activity)
    {
        if (activity.From?.Id is not { Length: > 0 } userId || activity.Conversation?.Id is not { Length: > 0 } conversationId
            || activity.ServiceUrl is not { Length: > 0 } serviceUrl)
            return null;
        var tenantId = TenantOf(activity);
        var input = InputOf(activity, tenantId);
        if (input is null) return null;
        var user = new ChatUser(activity.ChannelId ?? "msteams", userId, tenantId, activity.From.AadObjectId, activity.From.Name);
        var address = new Dictionary<string, string>
        {
            [Address.ServiceUrl] = serviceUrl,
            [Address.ChannelId] = activity.ChannelId ?? "msteams",
            [Address.BotId] = activity.Recipient?.Id ?? "",
            [Address.BotName] = activity.Recipient?.Name ?? "",
            [Address.TenantId] = tenantId ?? "",
            [Address.UserId] = userId,
        };
        var personal = activity.Conversation.ConversationType is { } type
            ? type == "personal"
            : activity.Conversation.IsGroup != true;
        return new Turn(activity.Id ?? "", user, new ConversationRef(Channel, conversationId, personal, address), input)
        {
            TimeZone = PersonTime.Zone(activity.LocalTimezone, OffsetOf(activity.LocalTimestamp)),
        };
    }

    private static TurnInput? InputOf(Activity activity, string? tenantId)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message when activity.Value is { ValueKind: JsonValueKind.Object } value:
                return CardActionOf(value, activity.ReplyToId);
            case ActivityTypes.Message:
                return TypedText.Read(activity.Text ?? "", typed => new TextInput(TeamsMentions.Strip(typed))
                {
                    Mentions = MentionsOf(activity, tenantId),
                    Files = FilesOf(activity),
                });
            case ActivityTypes.InstallationUpdate when activity.Action is "add" or null:
            case ActivityTypes.ConversationUpdate when AddsTheBot(activity):
                return new Installed();
            default:
                return null;
        }
    }

    /// <summary>The offset of the sender's clock ("2026-12-05T09:12:00.000-08:00"), the fallback when the zone is unknown.</summary>
    private static TimeSpan? OffsetOf(string? localTimestamp) =>
        localTimestamp is { Length: > 19 and < 40 } text && (text[^1] == 'Z' || text[^6] is '+' or '-')
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var stamp)
            ? stamp.Offset
            : null;

    private static bool AddsTheBot(Activity activity) =>
        activity.Recipient?.Id is { Length: > 0 } bot && activity.MembersAdded?.Any(m => m.Id == bot) == true;

    /// <summary>Card data: the step id routes; every other string property is something the person typed.</summary>
    private static CardAction CardActionOf(JsonElement value, string? replyToId)
    {
        var step = value.TryGetProperty("step", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() ?? "" : "";
        var inputs = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
            if (property.Name != "step" && property.Value.ValueKind == JsonValueKind.String)
                inputs[property.Name] = property.Value.GetString() ?? "";
        return new CardAction(step, inputs, replyToId);
    }

    /// <summary>People mentioned in the message (Teams "mention" entities), the bot itself excluded.</summary>
    private static List<ChatUser> MentionsOf(Activity activity, string? tenantId)
    {
        var mentions = new List<ChatUser>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entity in activity.Entities ?? [])
        {
            if (entity.ValueKind != JsonValueKind.Object || !entity.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || type.GetString() != "mention" || !entity.TryGetProperty("mentioned", out var mentioned) || mentioned.ValueKind != JsonValueKind.Object)
                continue;
            var id = StringOf(mentioned, "id");
            if (id is null || id == activity.Recipient?.Id || !seen.Add(id)) continue;
            mentions.Add(new ChatUser(activity.ChannelId ?? "msteams", id, tenantId, StringOf(mentioned, "aadObjectId"), StringOf(mentioned, "name")));
        }
        return mentions;
    }

    /// <summary>Attached files: Teams' file download info, or any attachment with a content URL.</summary>
    private static List<InboundFile> FilesOf(Activity activity)
    {
        var files = new List<InboundFile>();
        foreach (var attachment in activity.Attachments ?? [])
        {
            var url = attachment.ContentType == TeamsFileDownloadInfo
                ? attachment.Content?["downloadUrl"].StringOrNull()
                : attachment.ContentType is { } type && !type.StartsWith("application/vnd.microsoft.card", StringComparison.Ordinal) ? attachment.ContentUrl : null;
            if (url is not null) files.Add(new InboundFile(attachment.Name ?? "file", attachment.ContentType, url));
        }
        return files;
    }

    private const string TeamsFileDownloadInfo = "application/vnd.microsoft.teams.file.download.info";

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The conversation's tenant, or the one Teams puts in channelData.</summary>
    public static string? TenantOf(Activity activity) => activity.Conversation?.TenantId ?? TenantFromChannelData(activity.ChannelData);

    private static string? TenantFromChannelData(JsonElement? channelData) =>
        channelData is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty("tenant", out var tenant)
        && tenant.ValueKind == JsonValueKind.Object && tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}

/// <summary>Keys of <see cref="ConversationRef.Address"/> for the Bot Framework channel.</summary>
public static class Address
{
    public const string ServiceUrl = "serviceUrl";
    public const string ChannelId = "channelId";
    public const string BotId = "botId";
    public const string BotName = "botName";
    public const string TenantId = "tenantId";
    public const string UserId = "userId";
}

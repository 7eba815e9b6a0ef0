using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Conversation;

namespace MfaBot.Channels.Slack.WebApi;

/// <summary>A Slack user as users.info / users.lookupByEmail report it.</summary>
public sealed record SlackUser(string Id, string? TeamId, string? Email, string? Name, bool IsBot, bool Deleted)
{
    /// <summary>The person's time zone (users.info "tz", else "tz_offset"), when Slack says.</summary>
    public TimeZoneInfo? TimeZone { get; init; }
}

/// <summary>A file uploaded and shared by <see cref="SlackMethods.UploadFileAsync"/>.</summary>
public sealed record SlackUploadedFile(string Id, string? Permalink);

/// <summary>The Web API methods MfaBot uses, with Slack's documented argument names.</summary>
public sealed class SlackMethods(SlackWebApi api)
{
    /// <returns>The message's ts: its id within the channel.</returns>
    public async Task<string> PostMessageAsync(string channel, string text, JsonArray? blocks, CancellationToken ct)
    {
        var args = new JsonObject { ["channel"] = channel, ["text"] = text, ["unfurl_links"] = false, ["unfurl_media"] = false };
        if (blocks is not null) args["blocks"] = blocks;
        var reply = await api.CallJsonAsync("chat.postMessage", args, ct);
        return reply["ts"].StringOrNull() ?? throw new SlackApiException("chat.postMessage", "no_ts_in_reply");
    }

    public Task UpdateMessageAsync(string channel, string ts, string text, JsonArray? blocks, CancellationToken ct) =>
        api.CallJsonAsync("chat.update", new JsonObject { ["channel"] = channel, ["ts"] = ts, ["text"] = text, ["blocks"] = blocks ?? [] }, ct);

    /// <returns>The id of the direct-message channel between the bot and the user.</returns>
    public async Task<string> OpenDirectMessageAsync(string userId, CancellationToken ct)
    {
        var reply = await api.CallJsonAsync("conversations.open", new JsonObject { ["users"] = userId }, ct);
        return (reply["channel"] is JsonObject channel ? channel["id"].StringOrNull() : null)
            ?? throw new SlackApiException("conversations.open", "no_channel_in_reply");
    }

    public async Task<SlackUser> UserInfoAsync(string userId, CancellationToken ct) =>
        UserOf(await api.CallFormAsync("users.info", [new("user", userId)], ct), "users.info");

    public async Task<SlackUser?> LookupByEmailAsync(string email, CancellationToken ct)
    {
        try
        {
            return UserOf(await api.CallFormAsync("users.lookupByEmail", [new("email", email)], ct), "users.lookupByEmail");
        }
        catch (SlackApiException e) when (e.Error == "users_not_found")
        {
            return null;
        }
    }

    /// <returns>One page of member ids and the cursor of the next page (null at the end).</returns>
    public async Task<(IReadOnlyList<string> Members, string? NextCursor)> ConversationMembersAsync(string channel, string? cursor, CancellationToken ct)
    {
        var args = new List<KeyValuePair<string, string>> { new("channel", channel), new("limit", "200") };
        if (cursor is not null) args.Add(new("cursor", cursor));
        var reply = await api.CallFormAsync("conversations.members", args, ct);
        var members = (reply["members"] as JsonArray ?? []).Select(m => m.StringOrNull()).OfType<string>().ToList();
        var next = reply["response_metadata"] is JsonObject meta ? meta["next_cursor"].StringOrNull() : null;
        return (members, string.IsNullOrEmpty(next) ? null : next);
    }

    public Task OpenViewAsync(string triggerId, JsonObject view, CancellationToken ct) =>
        api.CallJsonAsync("views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, ct);

    /// <summary>The upload flow: get an upload URL, send the bytes, then complete the upload shared into the channel.</summary>
    public async Task<SlackUploadedFile> UploadFileAsync(string channel, string fileName, byte[] bytes, string title, string altText, string comment, CancellationToken ct)
    {
        var ticket = await api.CallFormAsync("files.getUploadURLExternal",
            [new("filename", fileName), new("length", bytes.Length.ToString(CultureInfo.InvariantCulture)), new("alt_txt", altText)], ct);
        var fileId = ticket["file_id"].StringOrNull() ?? throw new SlackApiException("files.getUploadURLExternal", "no_file_id_in_reply");
        if (!Uri.TryCreate(ticket["upload_url"].StringOrNull(), UriKind.Absolute, out var uploadUrl))
            throw new SlackApiException("files.getUploadURLExternal", "no_upload_url_in_reply");
        await api.UploadAsync(uploadUrl, bytes, fileName, ct);
        var done = await api.CallJsonAsync("files.completeUploadExternal", new JsonObject
        {
            ["files"] = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = title }),
            ["channel_id"] = channel,
            ["initial_comment"] = comment,
        }, ct);
        var permalink = done["files"] is JsonArray { Count: > 0 } files && files[0] is JsonObject file ? file["permalink"].StringOrNull() : null;
        return new SlackUploadedFile(fileId, permalink);
    }

    public Task DeleteFileAsync(string fileId, CancellationToken ct) => api.CallFormAsync("files.delete", [new("file", fileId)], ct);

    private static SlackUser UserOf(JsonObject reply, string method)
    {
        if (reply["user"] is not JsonObject user || user["id"].StringOrNull() is not { } id) throw new SlackApiException(method, "no_user_in_reply");
        var profile = user["profile"] as JsonObject;
        var name = (profile is null ? null : profile["real_name"].StringOrNull()) ?? user["real_name"].StringOrNull() ?? user["name"].StringOrNull();
        var offset = user["tz_offset"] is JsonValue o && o.TryGetValue<int>(out var seconds) ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return new SlackUser(id, user["team_id"].StringOrNull(), profile is null ? null : profile["email"].StringOrNull(), name,
            user["is_bot"]?.GetValueKind() == JsonValueKind.True, user["deleted"]?.GetValueKind() == JsonValueKind.True)
        {
            TimeZone = PersonTime.Zone(user["tz"].StringOrNull(), offset),
        };
    }
}

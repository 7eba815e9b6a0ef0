using MfaBot.Channels.Slack.WebApi;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;

namespace MfaBot.Channels.Slack.Bridge;

/// <summary>
/// Which uploaded files belong to which bot message, kept in the state store so that any instance, also after a
/// restart, deletes a message's file (a QR code) when the message is replaced.
/// </summary>
public sealed partial class SlackMessageFiles(IStateStore store, SlackMethods slack, ILogger<SlackMessageFiles> logger)
{
    public sealed record MessageFiles(IReadOnlyList<string> FileIds);

    public async Task RememberAsync(string channel, string ts, string fileId, CancellationToken ct)
    {
        var key = KeyOf(channel, ts);
        var existing = await store.GetAsync<MessageFiles>(key, ct);
        await store.PutAsync(key, new MessageFiles([.. existing?.Value.FileIds ?? [], fileId]), existing?.ETag, ct);
    }

    /// <summary>Deletes the message's files in Slack; a file that could not be deleted stays listed for the next try.</summary>
    public async Task DeleteForMessageAsync(string channel, string ts, CancellationToken ct)
    {
        var key = KeyOf(channel, ts);
        if (await store.GetAsync<MessageFiles>(key, ct) is not { } stored) return;
        var left = new List<string>();
        foreach (var fileId in stored.Value.FileIds)
            if (!await TryDeleteAsync(fileId, ct)) left.Add(fileId);
        try
        {
            if (left.Count == 0) await store.DeleteAsync(key, stored.ETag, ct);
            else await store.PutAsync(key, new MessageFiles(left), stored.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Another instance handled the same message meanwhile.
        }
    }

    public async Task<bool> TryDeleteAsync(string fileId, CancellationToken ct)
    {
        try
        {
            await slack.DeleteFileAsync(fileId, ct);
            return true;
        }
        catch (SlackApiException e) when (e.Error is "file_not_found" or "file_deleted")
        {
            return true;
        }
        catch (Exception e) when (e is SlackApiException or HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            LogDeleteFailed(logger, e, fileId);
            return false;
        }
    }

    // Channel ids and timestamps are not secret, but a hash keeps keys short and uniform.
    private static string KeyOf(string channel, string ts) =>
        "slack-message-files/" + StateKey.Digest(channel + "\n" + ts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete Slack file {FileId}; it is retried when its message changes again")]
    private static partial void LogDeleteFailed(ILogger logger, Exception e, string fileId);
}

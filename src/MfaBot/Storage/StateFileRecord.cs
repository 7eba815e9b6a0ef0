using System.Text.Json;
using System.Text.Json.Serialization;

namespace MfaBot.Storage;

/// <summary>
/// What one state file holds. The ETag is the incarnation (random per create) plus a version counting
/// writes, so a stale ETag from before a delete and re-create never matches.
/// </summary>
internal sealed record StateFileRecord(string Key, string Incarnation, long Version, JsonElement Value)
{
    [JsonIgnore]
    public string ETag => $"{Incarnation}-{Version}";
}

using MfaBot.Storage;

namespace MfaBot.Coverage.Chat;

/// <summary>
/// The people an "Invite these N" button stands for, kept on the server under an unguessable id: the card carries only
/// the id, never names, and the click is honoured only for the person who asked (and is a campaign manager then).
/// </summary>
public sealed record CoverageSnapshot(string OwnerKey, string Scope, List<string> UserNames, Dictionary<string, string> Emails, DateTimeOffset ExpiresAt)
{
    public const string Prefix = "coverage-snapshot/";

    public static string KeyFor(string id) => Prefix + id;

    public static async Task<string> SaveAsync(IStateStore store, CoverageSnapshot snapshot, CancellationToken ct)
    {
        var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        await store.PutAsync(KeyFor(id), snapshot, null, ct);
        return id;
    }
}

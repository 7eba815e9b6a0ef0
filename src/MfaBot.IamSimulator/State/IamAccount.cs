using System.Security.Cryptography;
using System.Text;

namespace MfaBot.IamSimulator.State;

/// <summary>
/// Everything the simulated account holds. Callers take <see cref="Gate"/> for every read and write, so each
/// operation sees and leaves a consistent state. Group membership lives on <see cref="UserRecord.Groups"/>.
/// </summary>
public sealed class IamAccount(string accountId)
{
    public const int MaxDevicesPerUser = 8;

    /// <summary>IAM's quota GroupsPerUser.</summary>
    public const int MaxGroupsPerUser = 10;

    public object Gate { get; } = new();

    public string AccountId { get; } = accountId;

    /// <summary>IAM names are unique regardless of case.</summary>
    public Dictionary<string, UserRecord> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, MfaDeviceRecord> Devices { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, GroupRecord> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<Guid, KmsKeyRecord> KmsKeys { get; } = [];

    /// <summary>KMS alias names ("alias/…", case-sensitive as in KMS) and the keys they point at.</summary>
    public Dictionary<string, Guid> KmsAliases { get; } = new(StringComparer.Ordinal);

    public string DeviceSerial(string path, string name) => $"arn:aws:iam::{AccountId}:mfa{path}{name}";

    /// <summary>A stable IAM-style user id ("AIDA" + 17 characters) so ids survive restarts without being stored.</summary>
    public string NewUserId(string userName) => NewId("AIDA", "", userName);

    /// <summary>The same for groups, with IAM's group id prefix "AGPA".</summary>
    public string NewGroupId(string groupName) => NewId("AGPA", "group:", groupName);

    private string NewId(string prefix, string kind, string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{AccountId}:{kind}{name.ToLowerInvariant()}"));
        return prefix + Totp.SimTotp.Base32(hash)[..17];
    }
}

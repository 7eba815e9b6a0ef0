using System.Security.Cryptography;
using System.Text;

namespace MfaBot.IamSimulator.State;

/// <summary>
/// Everything the simulated account holds. Callers take <see cref="Gate"/> for every read and write, so each
/// operation sees and leaves a consistent state. Groups (AddUserToGroup, GetGroup, …) would add a
/// Groups dictionary here and a group-name set on <see cref="UserRecord"/>.
/// </summary>
public sealed class IamAccount(string accountId)
{
    public const int MaxDevicesPerUser = 8;

    public object Gate { get; } = new();

    public string AccountId { get; } = accountId;

    /// <summary>IAM names are unique regardless of case.</summary>
    public Dictionary<string, UserRecord> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, MfaDeviceRecord> Devices { get; } = new(StringComparer.Ordinal);

    public string DeviceSerial(string path, string name) => $"arn:aws:iam::{AccountId}:mfa{path}{name}";

    /// <summary>A stable IAM-style user id ("AIDA" + 17 characters) so ids survive restarts without being stored.</summary>
    public string NewUserId(string userName)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{AccountId}:{userName.ToLowerInvariant()}"));
        return "AIDA" + Totp.SimTotp.Base32(hash)[..17];
    }
}

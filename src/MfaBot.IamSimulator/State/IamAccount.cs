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

    /// <summary>Devices by serial number; changed only through <see cref="AddDevice"/>, <see cref="RemoveDevice"/>,
    /// <see cref="AssignDevice"/> and <see cref="UnassignDevice"/>, which keep the indexes below.</summary>
    public IReadOnlyDictionary<string, MfaDeviceRecord> Devices => _devices;

    private readonly Dictionary<string, MfaDeviceRecord> _devices = new(StringComparer.Ordinal);

    /// <summary>Device names (unique regardless of case and path, as IAM checks them) and how many devices carry each.</summary>
    private readonly Dictionary<string, int> _deviceNames = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The serial numbers of the devices enabled for each user.</summary>
    private readonly Dictionary<string, HashSet<string>> _devicesByUser = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>What changed since the last <see cref="TakeChanges"/>: the keys of the records to write again.</summary>
    internal ChangeSet Changes { get; private set; } = new();

    public Dictionary<string, GroupRecord> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    public CredentialReportSlot CredentialReports { get; } = new();

    public Dictionary<Guid, KmsKeyRecord> KmsKeys { get; } = [];

    /// <summary>KMS alias names ("alias/…", case-sensitive as in KMS) and the keys they point at.</summary>
    public Dictionary<string, Guid> KmsAliases { get; } = new(StringComparer.Ordinal);

    public bool HasDeviceNamed(string name) => _deviceNames.ContainsKey(name);

    /// <summary>The devices enabled for <paramref name="userName"/>, from the index (no scan of the account).</summary>
    public IEnumerable<MfaDeviceRecord> DevicesOf(string userName) =>
        _devicesByUser.TryGetValue(userName, out var serials) ? serials.Select(s => _devices[s]) : [];

    public int DeviceCountOf(string userName) => _devicesByUser.TryGetValue(userName, out var serials) ? serials.Count : 0;

    /// <summary>Adds or replaces a device (replacing keeps the indexes right), and marks it changed.</summary>
    public void AddDevice(MfaDeviceRecord device)
    {
        RemoveDevice(device.SerialNumber);
        _devices[device.SerialNumber] = device;
        _deviceNames[device.Name] = _deviceNames.GetValueOrDefault(device.Name) + 1;
        if (device.UserName is not null) IndexAssigned(device);
        Changes.Devices.Add(device.SerialNumber);
    }

    public bool RemoveDevice(string serial)
    {
        if (!_devices.Remove(serial, out var device)) return false;
        if (_deviceNames[device.Name] == 1) _deviceNames.Remove(device.Name);
        else _deviceNames[device.Name]--;
        if (device.UserName is not null) UnindexAssigned(device);
        Changes.Devices.Add(serial);
        return true;
    }

    public void AssignDevice(MfaDeviceRecord device, string userName, DateTimeOffset enableDate)
    {
        if (device.UserName is not null) UnindexAssigned(device);
        device.UserName = userName;
        device.EnableDate = enableDate;
        IndexAssigned(device);
        Changes.Devices.Add(device.SerialNumber);
    }

    public void UnassignDevice(MfaDeviceRecord device)
    {
        if (device.UserName is not null) UnindexAssigned(device);
        device.UserName = null;
        device.EnableDate = null;
        Changes.Devices.Add(device.SerialNumber);
    }

    private void IndexAssigned(MfaDeviceRecord device)
    {
        if (!_devicesByUser.TryGetValue(device.UserName!, out var serials)) _devicesByUser[device.UserName!] = serials = new(StringComparer.Ordinal);
        serials.Add(device.SerialNumber);
    }

    private void UnindexAssigned(MfaDeviceRecord device)
    {
        if (!_devicesByUser.TryGetValue(device.UserName!, out var serials)) return;
        serials.Remove(device.SerialNumber);
        if (serials.Count == 0) _devicesByUser.Remove(device.UserName!);
    }

    /// <summary>Marks a record changed in place (tags, group membership, last used step, a key's state, an alias).</summary>
    public void Changed(MfaDeviceRecord device) => Changes.Devices.Add(device.SerialNumber);

    public void Changed(UserRecord user) => Changes.Users.Add(user.UserName);

    public void Changed(GroupRecord group) => Changes.Groups.Add(group.GroupName);

    public void Changed(KmsKeyRecord key) => Changes.KmsKeys.Add(key.KeyId);

    public void AliasChanged(string alias) => Changes.KmsAliases.Add(alias);

    /// <summary>Hands over the change set and starts a new one; under the gate.</summary>
    internal ChangeSet TakeChanges()
    {
        var taken = Changes;
        Changes = new ChangeSet();
        return taken;
    }

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

/// <summary>Keys of the records changed by one or more actions; each is written as it is now (or as removed).</summary>
internal sealed class ChangeSet
{
    public HashSet<string> Users { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<string> Devices { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);
    public HashSet<Guid> KmsKeys { get; } = [];
    public HashSet<string> KmsAliases { get; } = new(StringComparer.Ordinal);

    public bool IsEmpty => Users.Count + Devices.Count + Groups.Count + KmsKeys.Count + KmsAliases.Count == 0;
}

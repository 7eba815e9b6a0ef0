using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.State;

/// <summary>
/// Builds the account from configuration and, when <see cref="IamSimulatorOptions.StateFile"/> is set, loads it from
/// and saves it to that file (write to a temporary file, then rename). Seeds and KMS key material are protected with
/// ASP.NET Core Data Protection; its key ring lives next to the state file.
/// </summary>
public sealed class StateStore
{
    public const string SeedPurpose = "MfaBot.IamSimulator.Seeds";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly IamSimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly IDataProtector? _protector;

    public StateStore(IOptions<IamSimulatorOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        if (_options.StateFile is { Length: > 0 } file)
        {
            var full = Path.GetFullPath(file);
            var folder = Directory.CreateDirectory(Path.GetDirectoryName(full)!).FullName;
            var keys = Path.Combine(folder, Path.GetFileNameWithoutExtension(full) + ".keys");
            _protector = DataProtectionProvider
                .Create(new DirectoryInfo(keys), b => b.SetApplicationName("MfaBot.IamSimulator"))
                .CreateProtector(SeedPurpose);
        }
    }

    public IamAccount Load()
    {
        var account = new IamAccount(_options.AccountId);
        if (_options.StateFile is { } file && File.Exists(file))
        {
            var saved = JsonSerializer.Deserialize<StateFile>(File.ReadAllBytes(file), Json) ?? new StateFile();
            if (saved.AccountId != account.AccountId)
                throw new InvalidOperationException($"The state file {file} belongs to account {saved.AccountId}, not {account.AccountId}.");
            Restore(account, saved);
        }
        foreach (var seed in _options.Users.Where(u => !account.Users.ContainsKey(u.UserName)))
        {
            account.Users[seed.UserName] = new UserRecord
            {
                UserName = seed.UserName,
                Path = seed.Path,
                UserId = account.NewUserId(seed.UserName),
                CreateDate = _time.GetUtcNow(),
                Tags = [.. seed.Tags.Select(t => new Tag(t.Key, t.Value))],
            };
        }
        foreach (var configured in _options.KmsKeys.Where(k => !account.KmsKeys.ContainsKey(k.KeyId)))
        {
            account.KmsKeys[configured.KeyId] = new KmsKeyRecord
            {
                KeyId = configured.KeyId, Description = configured.Description, CreationDate = _time.GetUtcNow(),
                Material = RandomNumberGenerator.GetBytes(32),
            };
        }
        foreach (var seed in _options.Groups.Where(g => !account.Groups.ContainsKey(g.GroupName)))
        {
            account.Groups[seed.GroupName] = new GroupRecord
            {
                GroupName = seed.GroupName, Path = seed.Path, GroupId = account.NewGroupId(seed.GroupName), CreateDate = _time.GetUtcNow(),
            };
        }
        return account;
    }

    public bool Persistent => _options.StateFile is { Length: > 0 } && _protector is not null;

    /// <summary>A copy of the account, taken under the account's gate; <see cref="Write"/> serializes it outside.</summary>
    internal StateFile Snapshot(IamAccount account) => new()
    {
        AccountId = account.AccountId,
        // Lists are copied: the records go on changing under the gate while the copy is written out.
        Users = [.. account.Users.Values.Select(u => new StateFile.UserDto
        {
            UserName = u.UserName, Path = u.Path, UserId = u.UserId, CreateDate = u.CreateDate, Tags = [.. u.Tags], Groups = [.. u.Groups],
        })],
        Groups = [.. account.Groups.Values.Select(g => new StateFile.GroupDto
        {
            GroupName = g.GroupName, Path = g.Path, GroupId = g.GroupId, CreateDate = g.CreateDate,
        })],
        Devices = [.. account.Devices.Values.Select(d => new StateFile.DeviceDto
        {
            SerialNumber = d.SerialNumber, Name = d.Name, Path = d.Path, CreateDate = d.CreateDate, Tags = [.. d.Tags],
            ProtectedSeed = Protected(d.Seed),
            UserName = d.UserName, EnableDate = d.EnableDate, LastUsedStep = d.LastUsedStep,
        })],
        KmsKeys = [.. account.KmsKeys.Values.Select(k => new StateFile.KmsKeyDto
        {
            KeyId = k.KeyId, Description = k.Description, CreationDate = k.CreationDate, Enabled = k.Enabled, ProtectedMaterial = Protected(k.Material),
        })],
        KmsAliases = new Dictionary<string, Guid>(account.KmsAliases, StringComparer.Ordinal),
    };

    private string Protected(byte[] secret) => _protectedSecrets.GetValue(secret, s => Convert.ToBase64String(_protector!.Protect(s)));

    /// <summary>Replaces the state file with a snapshot: temporary file, flushed to disk, renamed over the old one.</summary>
    internal void Write(StateFile snapshot)
    {
        var full = Path.GetFullPath(_options.StateFile!);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, snapshot, Json);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }

    // A seed or key material never changes, so it is protected once, not on every save.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], string> _protectedSecrets = [];

    private void Restore(IamAccount account, StateFile saved)
    {
        foreach (var u in saved.Users)
        {
            account.Users[u.UserName] = new UserRecord
            {
                UserName = u.UserName, Path = u.Path, UserId = u.UserId, CreateDate = u.CreateDate, Tags = u.Tags,
                Groups = new SortedSet<string>(u.Groups, StringComparer.OrdinalIgnoreCase),
            };
        }
        foreach (var g in saved.Groups)
        {
            account.Groups[g.GroupName] = new GroupRecord { GroupName = g.GroupName, Path = g.Path, GroupId = g.GroupId, CreateDate = g.CreateDate };
        }
        foreach (var d in saved.Devices)
        {
            account.Devices[d.SerialNumber] = new MfaDeviceRecord
            {
                SerialNumber = d.SerialNumber, Name = d.Name, Path = d.Path, CreateDate = d.CreateDate, Tags = d.Tags,
                Seed = _protector!.Unprotect(Convert.FromBase64String(d.ProtectedSeed)),
                UserName = d.UserName, EnableDate = d.EnableDate, LastUsedStep = d.LastUsedStep,
            };
        }
        foreach (var k in saved.KmsKeys)
        {
            account.KmsKeys[k.KeyId] = new KmsKeyRecord
            {
                KeyId = k.KeyId, Description = k.Description, CreationDate = k.CreationDate, Enabled = k.Enabled,
                Material = _protector!.Unprotect(Convert.FromBase64String(k.ProtectedMaterial)),
            };
        }
        foreach (var (alias, target) in saved.KmsAliases) account.KmsAliases[alias] = target;
    }
}

using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.State;

/// <summary>
/// Builds the account from configuration and, when <see cref="IamSimulatorOptions.StateFile"/> is set, keeps it in that
/// file (a snapshot, replaced by writing a temporary file and renaming it) and in a journal next to it
/// ("&lt;state file&gt;.journal", one JSON line per committed change, appended; see <see cref="StatePersister"/>).
/// Seeds and KMS key material are protected with ASP.NET Core Data Protection; its key ring lives next to the state file.
/// </summary>
public sealed class StateStore
{
    public const string SeedPurpose = "MfaBot.IamSimulator.Seeds";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Snapshots are written compact (earlier versions wrote them indented; both load).</summary>
    private static readonly JsonSerializerOptions SnapshotJson = new(JsonSerializerDefaults.Web);

    /// <summary>One journal entry per line: compact, and without the lists a change did not touch.</summary>
    private static readonly JsonSerializerOptions JournalJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

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

    /// <summary>The journal next to the state file: "&lt;state file&gt;.journal".</summary>
    public string? JournalPath => _options.StateFile is { Length: > 0 } file ? Path.GetFullPath(file) + ".journal" : null;

    /// <summary>The last journal entry loaded (from the snapshot or the journal); new entries are numbered after it.</summary>
    internal long LoadedSeq { get; private set; }

    /// <summary>Bytes of the journal that hold whole entries; a torn last line after them is cut off when it is opened.</summary>
    internal long JournalValidLength { get; private set; }

    /// <summary>The size of the state file (snapshot) as loaded or last written.</summary>
    internal long SnapshotLength { get; set; }

    /// <summary>
    /// The account: the state file (a snapshot, in the journal-less format of earlier versions too), then every later
    /// entry of the journal, then whatever the configuration adds (written to the journal at once).
    /// </summary>
    public IamAccount Load()
    {
        var account = new IamAccount(_options.AccountId);
        if (_options.StateFile is { } file && File.Exists(file))
        {
            var bytes = File.ReadAllBytes(file);
            SnapshotLength = bytes.Length;
            var saved = JsonSerializer.Deserialize<StateFile>(bytes, Json) ?? new StateFile();
            if (saved.AccountId != account.AccountId)
                throw new InvalidOperationException($"The state file {file} belongs to account {saved.AccountId}, not {account.AccountId}.");
            Restore(account, saved);
            LoadedSeq = saved.JournalSeq;
        }
        if (JournalPath is { } journal && File.Exists(journal)) Replay(account, journal);
        foreach (var seed in _options.Users.Where(u => !account.Users.ContainsKey(u.UserName)))
        {
            var user = account.Users[seed.UserName] = new UserRecord
            {
                UserName = seed.UserName,
                Path = seed.Path,
                UserId = account.NewUserId(seed.UserName),
                CreateDate = _time.GetUtcNow(),
                Tags = [.. seed.Tags.Select(t => new Tag(t.Key, t.Value))],
            };
            account.Changed(user);
        }
        foreach (var configured in _options.KmsKeys.Where(k => !account.KmsKeys.ContainsKey(k.KeyId)))
        {
            var key = account.KmsKeys[configured.KeyId] = new KmsKeyRecord
            {
                KeyId = configured.KeyId, Description = configured.Description, CreationDate = _time.GetUtcNow(),
                Material = RandomNumberGenerator.GetBytes(32),
            };
            account.Changed(key);
        }
        foreach (var seed in _options.Groups.Where(g => !account.Groups.ContainsKey(g.GroupName)))
        {
            var group = account.Groups[seed.GroupName] = new GroupRecord
            {
                GroupName = seed.GroupName, Path = seed.Path, GroupId = account.NewGroupId(seed.GroupName), CreateDate = _time.GetUtcNow(),
            };
            account.Changed(group);
        }
        var added = account.TakeChanges();
        if (Persistent && !added.IsEmpty)
        {
            // What the configuration added (a KMS key's random material above all) is kept before any request sees it.
            using var stream = OpenJournal();
            var line = EntryLine(account, added, ++LoadedSeq);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
            JournalValidLength = stream.Length;
        }
        return account;
    }

    /// <summary>Opens the journal for appending, cutting off a torn last line first.</summary>
    internal FileStream OpenJournal()
    {
        var stream = new FileStream(JournalPath!, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
        if (stream.Length != JournalValidLength)
        {
            stream.SetLength(JournalValidLength);
            stream.Flush(flushToDisk: true);
        }
        stream.Seek(0, SeekOrigin.End);
        return stream;
    }

    /// <summary>
    /// Applies every journal line after the snapshot's. A last line that does not parse is the torn tail of a crash
    /// during an append (never acknowledged) and is dropped; a damaged line with whole lines after it stops the load.
    /// </summary>
    private void Replay(IamAccount account, string journal)
    {
        var bytes = File.ReadAllBytes(journal);
        long offset = 0;
        var lineNumber = 0;
        var lastSeq = long.MinValue;
        while (offset < bytes.Length)
        {
            lineNumber++;
            var rest = bytes.AsSpan((int)offset);
            var newline = rest.IndexOf((byte)'\n');
            var line = newline < 0 ? rest : rest[..newline];
            var next = newline < 0 ? bytes.Length : offset + newline + 1;
            JournalEntry? entry = null;
            string? damage = null;
            try
            {
                entry = JsonSerializer.Deserialize<JournalEntry>(line, Json);
                if (entry is null || entry.Seq <= 0) damage = "not a journal entry";
                else if (entry.Seq <= lastSeq) damage = $"entry {entry.Seq} after entry {lastSeq}";
            }
            catch (JsonException ex)
            {
                damage = ex.Message.Split('\n')[0];
            }
            if (damage is not null || newline < 0)
            {
                // Torn tail: the last line, cut short by a crash before its append finished (or lacking its newline).
                if (bytes.AsSpan((int)next).Trim("\r\n "u8).IsEmpty) break;
                throw new InvalidOperationException(
                    $"The IAM simulator journal {journal} is damaged at line {lineNumber} (byte {offset}): {damage}; only a torn last line is skipped, so restore the file or remove the damaged lines.");
            }
            lastSeq = entry!.Seq;
            if (entry.Seq > LoadedSeq)
            {
                Apply(account, entry);
                LoadedSeq = entry.Seq;
            }
            offset = next;
        }
        JournalValidLength = offset;
        account.TakeChanges();
    }

    public bool Persistent => _options.StateFile is { Length: > 0 } && _protector is not null;

    /// <summary>A copy of the account, taken under the account's gate; <see cref="Write"/> serializes it outside.</summary>
    internal StateFile Snapshot(IamAccount account, long journalSeq) => new()
    {
        AccountId = account.AccountId,
        JournalSeq = journalSeq,
        // Lists are copied: the records go on changing under the gate while the copy is written out.
        Users = [.. account.Users.Values.Select(UserDto)],
        Groups = [.. account.Groups.Values.Select(GroupDto)],
        Devices = [.. account.Devices.Values.Select(DeviceDto)],
        KmsKeys = [.. account.KmsKeys.Values.Select(KmsKeyDto)],
        KmsAliases = new Dictionary<string, Guid>(account.KmsAliases, StringComparer.Ordinal),
    };

    /// <summary>The journal line (JSON and a newline) for a change set: each changed record as it is now, or removed.</summary>
    internal byte[] EntryLine(IamAccount account, ChangeSet changes, long seq)
    {
        var entry = new JournalEntry { Seq = seq };
        (entry.Users, entry.RemovedUsers) = Split(changes.Users, account.Users, UserDto);
        (entry.Devices, entry.RemovedDevices) = Split(changes.Devices, account.Devices, DeviceDto);
        (entry.Groups, entry.RemovedGroups) = Split(changes.Groups, account.Groups, GroupDto);
        (entry.KmsKeys, entry.RemovedKmsKeys) = Split(changes.KmsKeys, account.KmsKeys, KmsKeyDto);
        foreach (var alias in changes.KmsAliases)
        {
            if (account.KmsAliases.TryGetValue(alias, out var target)) (entry.KmsAliases ??= new(StringComparer.Ordinal))[alias] = target;
            else (entry.RemovedKmsAliases ??= []).Add(alias);
        }
        var line = JsonSerializer.SerializeToUtf8Bytes(entry, JournalJson);
        Array.Resize(ref line, line.Length + 1);
        line[^1] = (byte)'\n';
        return line;
    }

    /// <summary>The changed keys split into the records still there (as DTOs) and the keys removed; null for none.</summary>
    private static (List<TDto>? Put, List<TKey>? Removed) Split<TKey, TRecord, TDto>(
        IEnumerable<TKey> keys, IReadOnlyDictionary<TKey, TRecord> current, Func<TRecord, TDto> dto)
    {
        List<TDto>? put = null;
        List<TKey>? removed = null;
        foreach (var key in keys)
        {
            if (current.TryGetValue(key, out var record)) (put ??= []).Add(dto(record));
            else (removed ??= []).Add(key);
        }
        return (put, removed);
    }

    private static StateFile.UserDto UserDto(UserRecord u) => new()
    {
        UserName = u.UserName, Path = u.Path, UserId = u.UserId, CreateDate = u.CreateDate, Tags = [.. u.Tags], Groups = [.. u.Groups],
    };

    private static StateFile.GroupDto GroupDto(GroupRecord g) => new()
    {
        GroupName = g.GroupName, Path = g.Path, GroupId = g.GroupId, CreateDate = g.CreateDate,
    };

    private StateFile.DeviceDto DeviceDto(MfaDeviceRecord d) => new()
    {
        SerialNumber = d.SerialNumber, Name = d.Name, Path = d.Path, CreateDate = d.CreateDate, Tags = [.. d.Tags],
        ProtectedSeed = Protected(d.Seed),
        UserName = d.UserName, EnableDate = d.EnableDate, LastUsedStep = d.LastUsedStep,
    };

    private StateFile.KmsKeyDto KmsKeyDto(KmsKeyRecord k) => new()
    {
        KeyId = k.KeyId, Description = k.Description, CreationDate = k.CreationDate, Enabled = k.Enabled, ProtectedMaterial = Protected(k.Material),
    };

    private string Protected(byte[] secret) => _protectedSecrets.GetValue(secret, s => Convert.ToBase64String(_protector!.Protect(s)));

    /// <summary>Replaces the state file with a snapshot: temporary file, flushed to disk, renamed over the old one.</summary>
    internal long Write(StateFile snapshot)
    {
        var full = Path.GetFullPath(_options.StateFile!);
        var temp = full + "." + Guid.NewGuid().ToString("N") + ".tmp";
        long length;
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, snapshot, SnapshotJson);
            stream.Flush(flushToDisk: true);
            length = stream.Length;
        }
        File.Move(temp, full, overwrite: true);
        return length;
    }

    // A seed or key material never changes, so it is protected once, not on every save.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<byte[], string> _protectedSecrets = [];

    private void Restore(IamAccount account, StateFile saved)
    {
        foreach (var u in saved.Users) account.Users[u.UserName] = User(u);
        foreach (var g in saved.Groups) account.Groups[g.GroupName] = Group(g);
        foreach (var d in saved.Devices) account.AddDevice(Device(d));
        foreach (var k in saved.KmsKeys) account.KmsKeys[k.KeyId] = KmsKey(k);
        foreach (var (alias, target) in saved.KmsAliases) account.KmsAliases[alias] = target;
        account.TakeChanges();
    }

    private void Apply(IamAccount account, JournalEntry entry)
    {
        foreach (var name in entry.RemovedUsers ?? []) account.Users.Remove(name);
        foreach (var serial in entry.RemovedDevices ?? []) account.RemoveDevice(serial);
        foreach (var name in entry.RemovedGroups ?? []) account.Groups.Remove(name);
        foreach (var id in entry.RemovedKmsKeys ?? []) account.KmsKeys.Remove(id);
        foreach (var alias in entry.RemovedKmsAliases ?? []) account.KmsAliases.Remove(alias);
        foreach (var u in entry.Users ?? []) account.Users[u.UserName] = User(u);
        foreach (var g in entry.Groups ?? []) account.Groups[g.GroupName] = Group(g);
        foreach (var d in entry.Devices ?? []) account.AddDevice(Device(d));
        foreach (var k in entry.KmsKeys ?? []) account.KmsKeys[k.KeyId] = KmsKey(k);
        foreach (var (alias, target) in entry.KmsAliases ?? []) account.KmsAliases[alias] = target;
    }

    private static UserRecord User(StateFile.UserDto u) => new()
    {
        UserName = u.UserName, Path = u.Path, UserId = u.UserId, CreateDate = u.CreateDate, Tags = u.Tags,
        Groups = new SortedSet<string>(u.Groups, StringComparer.OrdinalIgnoreCase),
    };

    private static GroupRecord Group(StateFile.GroupDto g) =>
        new() { GroupName = g.GroupName, Path = g.Path, GroupId = g.GroupId, CreateDate = g.CreateDate };

    private MfaDeviceRecord Device(StateFile.DeviceDto d) => new()
    {
        SerialNumber = d.SerialNumber, Name = d.Name, Path = d.Path, CreateDate = d.CreateDate, Tags = d.Tags,
        Seed = _protector!.Unprotect(Convert.FromBase64String(d.ProtectedSeed)),
        UserName = d.UserName, EnableDate = d.EnableDate, LastUsedStep = d.LastUsedStep,
    };

    private KmsKeyRecord KmsKey(StateFile.KmsKeyDto k) => new()
    {
        KeyId = k.KeyId, Description = k.Description, CreationDate = k.CreationDate, Enabled = k.Enabled,
        Material = _protector!.Unprotect(Convert.FromBase64String(k.ProtectedMaterial)),
    };
}

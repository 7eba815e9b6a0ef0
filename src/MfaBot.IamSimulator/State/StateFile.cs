namespace MfaBot.IamSimulator.State;

/// <summary>
/// The JSON shape of the state file (the snapshot). Seeds and KMS key material appear only as Data Protection payloads.
/// A file from before the journal has no <see cref="JournalSeq"/> (0): it loads as a snapshot with nothing replayed.
/// </summary>
internal sealed class StateFile
{
    public string AccountId { get; set; } = "";

    /// <summary>The last journal entry this snapshot contains: entries up to it are skipped when the journal is replayed.</summary>
    public long JournalSeq { get; set; }

    public List<UserDto> Users { get; set; } = [];
    public List<DeviceDto> Devices { get; set; } = [];
    public List<GroupDto> Groups { get; set; } = [];
    public List<KmsKeyDto> KmsKeys { get; set; } = [];
    public Dictionary<string, Guid> KmsAliases { get; set; } = [];

    internal sealed class KmsKeyDto
    {
        public Guid KeyId { get; set; }
        public string Description { get; set; } = "";
        public DateTimeOffset CreationDate { get; set; }
        public bool Enabled { get; set; }
        public string ProtectedMaterial { get; set; } = "";
    }

    internal sealed class UserDto
    {
        public string UserName { get; set; } = "";
        public string Path { get; set; } = "/";
        public string UserId { get; set; } = "";
        public DateTimeOffset CreateDate { get; set; }
        public List<Tag> Tags { get; set; } = [];
        public List<string> Groups { get; set; } = [];
    }

    internal sealed class GroupDto
    {
        public string GroupName { get; set; } = "";
        public string Path { get; set; } = "/";
        public string GroupId { get; set; } = "";
        public DateTimeOffset CreateDate { get; set; }
    }

    internal sealed class DeviceDto
    {
        public string SerialNumber { get; set; } = "";
        public string Name { get; set; } = "";
        public string Path { get; set; } = "/";
        public string ProtectedSeed { get; set; } = "";
        public DateTimeOffset CreateDate { get; set; }
        public List<Tag> Tags { get; set; } = [];
        public string? UserName { get; set; }
        public DateTimeOffset? EnableDate { get; set; }
        public long LastUsedStep { get; set; }
    }
}

/// <summary>
/// One line of the journal: the records one committed change (or a group of them) left behind, each whole as it is
/// now, and the keys of the records it removed. Replaying a line is idempotent.
/// </summary>
internal sealed class JournalEntry
{
    public long Seq { get; set; }
    public List<StateFile.UserDto>? Users { get; set; }
    public List<StateFile.DeviceDto>? Devices { get; set; }
    public List<StateFile.GroupDto>? Groups { get; set; }
    public List<StateFile.KmsKeyDto>? KmsKeys { get; set; }
    public Dictionary<string, Guid>? KmsAliases { get; set; }
    public List<string>? RemovedUsers { get; set; }
    public List<string>? RemovedDevices { get; set; }
    public List<string>? RemovedGroups { get; set; }
    public List<Guid>? RemovedKmsKeys { get; set; }
    public List<string>? RemovedKmsAliases { get; set; }
}

namespace MfaBot.IamSimulator.State;

/// <summary>The JSON shape of the state file. Seeds and KMS key material appear only as Data Protection payloads.</summary>
internal sealed class StateFile
{
    public string AccountId { get; set; } = "";
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

namespace MfaBot.IamSimulator.State;

public sealed record Tag(string Key, string Value);

public sealed class UserRecord
{
    public required string UserName { get; init; }
    public required string Path { get; init; }
    public required string UserId { get; init; }
    public required DateTimeOffset CreateDate { get; init; }
    public List<Tag> Tags { get; init; } = [];

    /// <summary>Names of the groups the user is in, as the groups spell them.</summary>
    public SortedSet<string> Groups { get; init; } = new(StringComparer.OrdinalIgnoreCase);

    public string Arn(string accountId) => $"arn:aws:iam::{accountId}:user{Path}{UserName}";
}

public sealed class GroupRecord
{
    public required string GroupName { get; init; }
    public required string Path { get; init; }
    public required string GroupId { get; init; }
    public required DateTimeOffset CreateDate { get; init; }

    public string Arn(string accountId) => $"arn:aws:iam::{accountId}:group{Path}{GroupName}";
}

public sealed class MfaDeviceRecord
{
    public required string SerialNumber { get; init; }
    public required string Name { get; init; }
    public required string Path { get; init; }

    /// <summary>The TOTP secret; only ever written to disk protected (see StateStore).</summary>
    public required byte[] Seed { get; init; }

    public required DateTimeOffset CreateDate { get; init; }
    public List<Tag> Tags { get; init; } = [];

    /// <summary>The user the device is enabled for; null while unassigned.</summary>
    public string? UserName { get; set; }
    public DateTimeOffset? EnableDate { get; set; }

    /// <summary>The latest TOTP step accepted for this device: codes at or before it are never accepted again.</summary>
    public long LastUsedStep { get; set; } = long.MinValue;
}

/// <summary>A symmetric KMS key of the simulated account.</summary>
public sealed class KmsKeyRecord
{
    public required Guid KeyId { get; init; }
    public required string Description { get; init; }
    public required DateTimeOffset CreationDate { get; init; }

    /// <summary>256 random bits; only ever written to disk protected, like device seeds (see StateStore).</summary>
    public required byte[] Material { get; init; }

    public bool Enabled { get; set; } = true;
}

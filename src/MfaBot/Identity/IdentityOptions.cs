namespace MfaBot.Identity;

/// <summary>How a chat identity's email/UPN becomes an IAM user name (section "Identity").</summary>
public sealed class IdentityOptions
{
    public const string Section = "Identity";

    public IdentityStrategy Strategy { get; set; } = IdentityStrategy.EmailIsUserName;

    /// <summary>For <see cref="IdentityStrategy.Tag"/>: the IAM user tag whose value is the person's email.</summary>
    public string TagKey { get; set; } = "email";

    /// <summary>For <see cref="IdentityStrategy.Table"/>: email → IAM user name.</summary>
    public Dictionary<string, string> Table { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>When not empty, only emails in these domains are mapped (e.g. "example.com").</summary>
    public List<string> AllowedDomains { get; set; } = [];

    /// <summary>How long the tag index (ListUsers + ListUserTags) is reused before it is rebuilt.</summary>
    public TimeSpan TagIndexLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a person's platform profile (email, name, time zone) and the existence of their IAM user are reused
    /// before being looked up again; 0 looks them up on every turn. A changed email takes effect after at most this long.
    /// </summary>
    public TimeSpan LookupLifetime { get; set; } = TimeSpan.FromMinutes(5);
}

public enum IdentityStrategy
{
    /// <summary>The IAM user is named exactly like the email (alex@example.com).</summary>
    EmailIsUserName,

    /// <summary>The IAM user is named like the email's local part (alex); use with AllowedDomains.</summary>
    EmailLocalPart,

    /// <summary>The IAM user carries a tag (TagKey) whose value is the email.</summary>
    Tag,

    /// <summary>An explicit table in configuration.</summary>
    Table,
}

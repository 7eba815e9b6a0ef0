using System.ComponentModel.DataAnnotations;

using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Identity;

namespace MfaBot.Resets;

/// <summary>The helpdesk reset hand-off (section "Resets").</summary>
public sealed class ResetOptions
{
    public const string Section = "Resets";

    /// <summary>Who may register the helpdesk conversation and take, approve or deny requests.</summary>
    public List<HelpdeskMember> HelpdeskMembers { get; set; } = [];

    /// <summary>
    /// Conversation id that receives requests from a platform where no conversation was registered with
    /// "register helpdesk" (Slack: a channel id). Empty: only registered conversations are used.
    /// </summary>
    public string HelpdeskConversation { get; set; } = "";

    /// <summary>
    /// How people reach the helpdesk without the bot (a phone number, a portal address), told to them whenever the
    /// hand-off cannot be used. Empty: they are told to contact the helpdesk directly.
    /// </summary>
    [MaxLength(200)]
    public string HelpdeskContact { get; set; } = "";

    /// <summary>IAM user path prefixes (e.g. "/privileged/") whose resets are privileged.</summary>
    public List<string> PrivilegedPaths { get; set; } = [];

    /// <summary>An IAM user tag marking privileged users; empty disables the tag check.</summary>
    public string PrivilegedTagKey { get; set; } = "";

    /// <summary>The tag value that marks a privileged user; empty means any value.</summary>
    public string PrivilegedTagValue { get; set; } = "";

    /// <summary>The user's path starts with one of <see cref="PrivilegedPaths"/>.</summary>
    public bool IsPrivilegedPath(string? path) => IamNames.PathStartsWithAny(path, PrivilegedPaths);

    /// <summary>The user carries <see cref="PrivilegedTagKey"/> with a non-empty value (<see cref="PrivilegedTagValue"/>, when set).</summary>
    public bool IsPrivilegedTag(IEnumerable<IamTag> tags)
    {
        if (string.IsNullOrWhiteSpace(PrivilegedTagKey)) return false;
        var value = tags.FirstOrDefault(t => t.Key.Equals(PrivilegedTagKey, StringComparison.Ordinal))?.Value.Trim();
        return !string.IsNullOrEmpty(value) && (string.IsNullOrEmpty(PrivilegedTagValue) || string.Equals(value, PrivilegedTagValue, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Privileged users' resets need two different helpdesk members to approve.</summary>
    public bool SecondApprovalForPrivileged { get; set; } = true;

    /// <summary>The IAM user tag holding the manager's email; the manager is told about an approved reset.</summary>
    public string ManagerTagKey { get; set; } = "manager";

    [Range(1, 1000)]
    public int MaxReasonLength { get; set; } = 300;

    /// <summary>A request nobody decided is posted to the helpdesk again after this long.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReannounceAfter { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A request nobody decided expires after this long; closed requests are forgotten after it too.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(1);

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An approved reset whose device removal did not finish (crash) is resumed after this long.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ResumeRemovalAfter { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>One helpdesk member, identified by any of: Entra object id (Teams), email, Slack user id.</summary>
public sealed class HelpdeskMember
{
    public string? AadObjectId { get; set; }
    public string? Email { get; set; }
    public string? SlackUserId { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(AadObjectId) && string.IsNullOrWhiteSpace(Email) && string.IsNullOrWhiteSpace(SlackUserId);

    /// <summary>Whether this entry names the person: their verified ids, or the email their platform reports.</summary>
    public bool Matches(ChatUser user, string? email) =>
        Same(AadObjectId, user.AadObjectId) || Same(SlackUserId, user.Id) || Same(Email, email);

    private static bool Same(string? configured, string? actual) =>
        !string.IsNullOrWhiteSpace(configured) && !string.IsNullOrWhiteSpace(actual)
        && string.Equals(configured.Trim(), actual.Trim(), StringComparison.OrdinalIgnoreCase);
}

using System.ComponentModel.DataAnnotations;
using MfaBot.Coverage.Digest;

namespace MfaBot.Coverage;

/// <summary>
/// The "coverage" command (section "Coverage"). Who may ask is not set here: Audit:Admins (the security team's list),
/// Resets:HelpdeskMembers and Campaigns:Managers (see <see cref="Chat.CoverageAccess"/>).
/// </summary>
public sealed class CoverageOptions
{
    public const string Section = "Coverage";

    /// <summary>IAM user path prefixes of service (non-human) users, left out of coverage.</summary>
    public List<string> ServicePathPrefixes { get; set; } = ["/service/"];

    /// <summary>
    /// At most this many ListUserTags calls per answer (one per user): the manager and privileged tags are read for
    /// the users shown, and for team views for users without MFA in risk order up to this bound.
    /// </summary>
    [Range(20, 100_000)]
    public int MaxTagReads { get; set; } = 1000;

    /// <summary>How long a CSV link, and the snapshot behind "Invite these N", stays valid.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The weekly digest to a conversation; off until its Conversation is set.</summary>
    public CoverageDigestOptions Digest { get; set; } = new();

    /// <summary>
    /// How often each instance checks that today's coverage counts are recorded (the trend chart's points); the
    /// credential report is read at most once a day for it, on one instance.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan HistoryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The trend chart's target line, as a percentage of today's human users with MFA.</summary>
    [Range(1, 100)]
    public int TargetPercent { get; set; } = 100;
}

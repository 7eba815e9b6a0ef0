using System.ComponentModel.DataAnnotations;
using MfaBot.Resets;

namespace MfaBot.Audit.Export;

/// <summary>Section "Audit": who may export the trail, besides the helpdesk (Resets:HelpdeskMembers).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>People allowed to type "audit export", by any one verified identifier (the helpdesk list's format).</summary>
    public List<HelpdeskMember> Admins { get; set; } = [];

    /// <summary>How long an export link works.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromMinutes(15);
}

using System.ComponentModel.DataAnnotations;

namespace MfaBot.Enforcement;

/// <summary>Making MFA required (section "Enforcement"); off while <see cref="GroupName"/> is empty.</summary>
public sealed class EnforcementOptions
{
    public const string Section = "Enforcement";

    /// <summary>
    /// The IAM group that carries deploy/aws/mfa-enforcement-policy.json. After enrolling, people are added to it,
    /// and from then on AWS refuses their requests made without MFA (except setting MFA up).
    /// </summary>
    [RegularExpression(@"^[A-Za-z0-9_+=,.@-]{0,128}$",
        ErrorMessage = "Enforcement:GroupName must be an IAM group name (up to 128 letters, digits and _+=,.@-), or empty to turn enforcement off.")]
    public string GroupName { get; set; } = "";

    public bool IsEnabled => GroupName.Length > 0;
}

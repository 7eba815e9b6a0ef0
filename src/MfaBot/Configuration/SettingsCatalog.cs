using MfaBot.Audit.Export;
using MfaBot.Campaigns;
using MfaBot.Channels.BotFramework;
using MfaBot.Channels.BotFramework.Bridge;
using MfaBot.Channels.Slack;
using MfaBot.Coordination;
using MfaBot.Coverage;
using MfaBot.Enforcement;
using MfaBot.Enrollment;
using MfaBot.Hosting;
using MfaBot.Iam;
using MfaBot.IamSimulator;
using MfaBot.Identity;
using MfaBot.Operability;
using MfaBot.Resets;
using MfaBot.Secrets;
using MfaBot.Storage;

namespace MfaBot.Configuration;

/// <summary>
/// Every options type the bot binds, with the section it is bound to ("" is the root). The start-up check reads each
/// value against its property's type before anything binds, so a bad value is a line naming it, not a binder exception.
/// A test keeps this list equal to what the app binds.
/// </summary>
public static class SettingsCatalog
{
    public static IReadOnlyList<(string Section, Type Options)> Sections { get; } =
    [
        (IamOptions.Section, typeof(IamOptions)),
        (IamSimulatorOptions.Section, typeof(IamSimulatorOptions)),
        (BotFrameworkOptions.Section, typeof(BotFrameworkOptions)),
        (SlackOptions.Section, typeof(SlackOptions)),
        (IdentityOptions.Section, typeof(IdentityOptions)),
        (EnrollmentOptions.Section, typeof(EnrollmentOptions)),
        (EnforcementOptions.Section, typeof(EnforcementOptions)),
        (ResetOptions.Section, typeof(ResetOptions)),
        (CampaignOptions.Section, typeof(CampaignOptions)),
        (StorageOptions.Section, typeof(StorageOptions)),
        (SecretProtectionOptions.Section, typeof(SecretProtectionOptions)),
        (CoordinationOptions.Section, typeof(CoordinationOptions)),
        (OperabilityOptions.Section, typeof(OperabilityOptions)),
        (AuditOptions.Section, typeof(AuditOptions)),
        (CoverageOptions.Section, typeof(CoverageOptions)),
        ("", typeof(CardImageOptions)),
    ];

    /// <summary>Single values read straight from configuration rather than bound into an options type.</summary>
    public static IReadOnlyList<(string Key, Type Type)> Values { get; } =
    [
        (EmbeddedIam.Setting, typeof(bool)),
    ];
}

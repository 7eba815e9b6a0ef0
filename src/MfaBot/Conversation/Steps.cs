namespace MfaBot.Conversation;

/// <summary>Card step ids: the only routing data a card may carry.</summary>
public static class Steps
{
    public const string Welcome = "welcome";
    public const string Help = "help";
    public const string EnrollStart = "enroll.start";
    public const string EnrollCodes = "enroll.codes";
    public const string EnrollCancel = "enroll.cancel";
    public const string EnrollUsage = "enroll.usage";
    public const string Status = "status";
    public const string ResetStart = "reset.start";
    public const string CampaignConfirm = "campaign.confirm";
    public const string CampaignCancel = "campaign.cancel";
    public const string CampaignSnooze = "campaign.snooze";
    public const string CampaignStatus = "campaign.status";
    public const string CampaignExport = "campaign.export";
    public const string CoverageInvite = "coverage.invite";
}

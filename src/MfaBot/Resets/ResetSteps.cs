namespace MfaBot.Resets;

/// <summary>Card step ids of the reset hand-off. Helpdesk buttons also carry "requestId", which the server re-checks.</summary>
public static class ResetSteps
{
    public const string Confirm = "reset.confirm";
    public const string Cancel = "reset.cancel";
    public const string Take = "reset.take";
    public const string Approve = "reset.approve";
    public const string Deny = "reset.deny";

    /// <summary>The card input naming the request a helpdesk button is for.</summary>
    public const string RequestIdInput = "requestId";

    public const string ReasonInput = "reason";
    public const string DenyReasonInput = "denyReason";
}

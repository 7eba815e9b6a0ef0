using MfaBot.Conversation;

namespace MfaBot.Enrollment;

/// <summary>Told when a person's MFA device has been enabled through the bot (e.g. campaigns mark the invitee enrolled).</summary>
public interface IEnrollmentListener
{
    /// <summary>Called after success; a listener's failure is logged and never undoes or hides the enrollment.</summary>
    Task OnEnrolledAsync(ChatUser user, string iamUserName, CancellationToken ct);
}

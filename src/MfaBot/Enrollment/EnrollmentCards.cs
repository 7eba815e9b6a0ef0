using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Conversation;
using MfaBot.Enforcement;
using MfaBot.Otp;
using MfaBot.Qr;

namespace MfaBot.Enrollment;

/// <summary>The messages of the enrollment dialog. Only the QR card carries the seed, and it is replaced when the enrollment ends.</summary>
public static class EnrollmentCards
{
    public static OutboundMessage Qr(EnrollmentState state, OtpAuthUri uri, string? error = null, int? attemptsLeft = null)
    {
        var data = new JsonObject
        {
            ["userName"] = state.IamUserName,
            ["deviceName"] = state.SerialNumber,
            ["secretGroups"] = string.Join(' ', uri.Secret.Chunk(4).Select(c => new string(c))),
            ["otpauthUrl"] = uri.ToUriString(),
            ["expiresAt"] = state.ExpiresAt.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC",
        };
        if (error is not null) data["error"] = error;
        if (attemptsLeft is not null) data["attemptsLeft"] = attemptsLeft.Value.ToString(CultureInfo.InvariantCulture);
        return OutboundMessage.Show("enroll-qr", data,
            new OutboundImage(QrCodeImage.Png(uri.ToUriString()), "QR code to scan with your authenticator app"));
    }

    /// <param name="enforcement">Adds "enforced" (MFA is now required) or "enforcementPending" (an admin will require it).</param>
    public static OutboundMessage Done(string userName, string serialNumber, DateTimeOffset enabledAt, EnforcementOutcome enforcement = EnforcementOutcome.Off)
    {
        var data = new JsonObject
        {
            ["userName"] = userName,
            ["serialNumber"] = serialNumber,
            ["enabledAt"] = enabledAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        };
        if (enforcement == EnforcementOutcome.Enforced) data["enforced"] = true;
        if (enforcement == EnforcementOutcome.Failed) data["enforcementPending"] = true;
        return OutboundMessage.Show("enroll-done", data);
    }

    /// <summary>The closing line's words on enforcement; empty when enforcement is off.</summary>
    public static string EnforcementLine(EnforcementOutcome enforcement) => enforcement switch
    {
        EnforcementOutcome.Enforced => " From now on AWS asks for your code at sign-in and refuses requests made without MFA.",
        EnforcementOutcome.Failed => " I could not mark MFA as required for your AWS user just now; an administrator will apply it.",
        _ => "",
    };

    public static OutboundMessage Closed(string title, string reason, string nextStep) =>
        OutboundMessage.Show("enroll-closed", new JsonObject { ["title"] = title, ["reason"] = reason, ["nextStep"] = nextStep });
}

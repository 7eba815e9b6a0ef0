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
    /// <param name="note">Why the card is shown again (e.g. after an interruption), shown on it.</param>
    /// <param name="zone">The person's time zone, for the text a channel shows where it cannot render times itself.</param>
    public static OutboundMessage Qr(EnrollmentState state, OtpAuthUri uri, TimeZoneInfo? zone, DateTimeOffset now, string? note = null)
    {
        var url = uri.ToUriString();
        var data = new JsonObject
        {
            ["userName"] = state.IamUserName,
            ["deviceName"] = state.SerialNumber,
            ["secretGroups"] = string.Join(' ', uri.Secret.Chunk(4).Select(c => new string(c))),
            ["otpauthUrl"] = url,
        }.With("expiresAt", state.ExpiresAt, zone, now);
        if (note is not null) data["note"] = note;
        return OutboundMessage.Show("enroll-qr", data,
            new OutboundImage(QrCodeImage.Png(url), "QR code to scan with your authenticator app"));
    }

    /// <summary>
    /// The success card: short, the device ARN whole, and how to use MFA behind a button. It folds in what used to
    /// follow it as a closing line: enforcement (<c>enforced</c> or <c>enforcementPending</c>) and <c>notListed</c>.
    /// </summary>
    public static OutboundMessage Done(SuccessNotice success)
    {
        var data = new JsonObject
        {
            ["userName"] = success.IamUserName,
            ["serialNumber"] = success.SerialNumber,
        };
        if (success.Enforcement == EnforcementOutcome.Enforced) data["enforced"] = true;
        if (success.Enforcement == EnforcementOutcome.Failed) data["enforcementPending"] = true;
        if (!success.Listed) data["notListed"] = true;
        return OutboundMessage.Show("enroll-done", data);
    }

    /// <summary>What replaces the QR card once MFA is on; the success card follows below it.</summary>
    public static OutboundMessage Finished() =>
        Closed("MFA setup finished", "This QR code was removed: MFA is on, and the message below shows how to use it.");

    public static OutboundMessage Closed(string title, string reason, string nextStep = "") =>
        OutboundMessage.Show("enroll-closed", new JsonObject { ["title"] = title, ["reason"] = reason, ["nextStep"] = nextStep });
}

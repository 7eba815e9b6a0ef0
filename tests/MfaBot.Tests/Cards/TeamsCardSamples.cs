using System.Text.Json.Nodes;

namespace MfaBot.Tests.Cards;

/// <summary>Data each cards/teams template is bound with by the enrollment feature: a full and a minimal variant.</summary>
public static class TeamsCardSamples
{
    public const string Seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    public const string SeedGroups = "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP";
    public const string OtpAuthUrl = "otpauth://totp/mfabot-alice@alice?secret=" + Seed;

    public static JsonObject EnrollQr(string? error = null, string? attemptsLeft = null)
    {
        var data = new JsonObject
        {
            ["userName"] = "alice",
            ["deviceName"] = "mfabot-alice",
            ["image"] = new JsonObject { ["url"] = "https://bot.example.com/qr/3v9Tq2wZ.png", ["alt"] = "QR code for your authenticator app" },
            ["secretGroups"] = SeedGroups,
            ["otpauthUrl"] = OtpAuthUrl,
            ["expiresAt"] = "14:35 UTC",
        };
        if (error is not null) data["error"] = error;
        if (attemptsLeft is not null) data["attemptsLeft"] = attemptsLeft;
        return data;
    }

    public static JsonObject Status(bool hasMfa, int devices, string? enrollment = null)
    {
        var data = new JsonObject
        {
            ["userName"] = "alice",
            ["hasMfa"] = hasMfa,
            ["devices"] = new JsonArray([.. Enumerable.Range(1, devices).Select(i => (JsonNode)new JsonObject
            {
                ["serialNumber"] = $"arn:aws:iam::123456789012:mfa/mfabot-alice-{i}",
                ["enabledAt"] = $"2026-0{i}-02 09:1{i} UTC",
            })]),
        };
        if (enrollment is not null) data["enrollment"] = enrollment;
        return data;
    }

    /// <summary>(template, variant, data) for every template in cards/teams.</summary>
    public static IEnumerable<(string Name, string Variant, JsonObject Data)> All() =>
    [
        ("enroll-qr", "first try", EnrollQr()),
        ("enroll-qr", "after a wrong code", EnrollQr("Those codes didn't match. Wait for a new code and try again.", "2")),
        ("enroll-done", "full", new JsonObject
        {
            ["userName"] = "alice", ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice",
            ["enabledAt"] = "2026-05-01 12:00 UTC", ["nextSteps"] = "Using the AWS CLI? Run `aws sts get-session-token` with your code.",
        }),
        ("enroll-done", "no next steps", new JsonObject
        {
            ["userName"] = "alice", ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice", ["enabledAt"] = "2026-05-01 12:00 UTC",
        }),
        ("enroll-closed", "cancelled", new JsonObject
        {
            ["title"] = "MFA setup cancelled", ["reason"] = "You cancelled the setup. Nothing changed on your AWS user.", ["nextStep"] = "Send enroll to start again.",
        }),
        ("enroll-closed", "no next step", new JsonObject { ["title"] = "MFA setup expired", ["reason"] = "The QR code expired." }),
        ("welcome", "full", new JsonObject { ["name"] = "Alice" }),
        ("help", "full", []),
        ("status", "off, enrolling", Status(hasMfa: false, devices: 0, enrollment: "A setup is in progress: finish it on the QR card.")),
        ("status", "on, two devices", Status(hasMfa: true, devices: 2)),
    ];
}

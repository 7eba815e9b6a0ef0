using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Conversation;

namespace MfaBot.Tests.Cards;

/// <summary>Data each cards/teams template is bound with by the enrollment feature: a full and a minimal variant.</summary>
public static class TeamsCardSamples
{
    public const string Seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    public const string SeedGroups = "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP";
    public const string OtpAuthUrl = "otpauth://totp/mfabot-alice@alice?secret=" + Seed;

    /// <summary>When the samples are bound; times are put into the data as the features do (<see cref="PersonTime"/>), for a reader in Tokyo.</summary>
    private static readonly DateTimeOffset Now = At("2026-05-01T09:05:00Z");
    private static readonly TimeZoneInfo? Tokyo = PersonTime.Zone("Asia/Tokyo", null);

    public static DateTimeOffset At(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static JsonObject Time(this JsonObject data, string name, string iso) => data.With(name, At(iso), Tokyo, Now);

    private static JsonObject Day(this JsonObject data, string name, string iso) => data.WithDay(name, At(iso), Tokyo, Now);

    public static JsonObject EnrollQr(string? note = null)
    {
        var data = new JsonObject
        {
            ["userName"] = "alice",
            ["deviceName"] = "mfabot-alice",
            ["image"] = new JsonObject { ["url"] = "https://bot.example.com/qr/3v9Tq2wZ.png", ["alt"] = "QR code for your authenticator app" },
            ["secretGroups"] = SeedGroups,
            ["otpauthUrl"] = OtpAuthUrl,
        }.Time("expiresAt", "2026-05-01T14:35:00Z");
        if (note is not null) data["note"] = note;
        return data;
    }

    public static JsonArray ResetDevices(int count) =>
        new([.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject
        {
            ["serialNumber"] = i == 2 ? "GAHT12345678" : $"arn:aws:iam::123456789012:mfa/mfabot/alice-{i}",
            ["kind"] = i == 2 ? "Hardware or security key" : "Virtual (authenticator app)",
        }.Day("enabledAt", $"2026-0{i}-02T09:1{i}:00Z"))]);

    /// <summary>The helpdesk card in one state: the flags are what ResetCards sets for it.</summary>
    public static JsonObject ResetRequest(string state, bool privileged = false)
    {
        var data = new JsonObject
        {
            ["requestId"] = "0123456789abcdef01234567", ["shortId"] = "01234567", ["person"] = "Alice Example", ["email"] = "alice@example.com",
            ["iamUser"] = "alice", ["reason"] = "Phone stolen yesterday", ["devices"] = ResetDevices(2),
            ["privileged"] = privileged, ["approvalRule"] = privileged ? "two different helpdesk members must approve." : "one approval is enough.",
            ["isPending"] = state is "open" or "taken", ["canTake"] = state == "open",
            ["isRemoving"] = state == "removing", ["isApproved"] = state == "approved", ["isDenied"] = state == "denied",
            ["isExpired"] = state == "expired", ["isCancelled"] = state == "cancelled", ["reposted"] = state == "reposted",
        }.Time("requestedAt", "2026-05-01T09:00:00Z");
        if (state is not "open" and not "reposted") data["takenBy"] = "Megan Bowen";
        if (state == "taken") (data["approvals"], data["lastError"], data["reminder"]) = ("Megan Bowen (1 of 2)", "AWS had a failure on its side (ServiceFailure). Approve again in a minute; a device already removed stays removed", true);
        if (state is "removing" or "approved" or "denied") data.Time("decidedAt", "2026-05-01T09:30:00Z")["decidedBy"] = "Megan Bowen";
        if (state is "expired" or "cancelled") data.Time("decidedAt", "2026-05-02T09:00:00Z");
        if (state == "denied") data["denyReason"] = "Could not reach you on your directory number.";
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
            }.Day("enabledAt", $"2026-0{i}-02T09:1{i}:00Z"))]),
        };
        if (enrollment is not null) data["enrollment"] = enrollment;
        return data;
    }

    private static JsonObject Enforced(JsonObject data, string text)
    {
        (data["enforced"], data["enforcement"]) = (true, text);
        return data;
    }

    private static JsonObject WithNotes(JsonObject data, params string[] notes)
    {
        data["notes"] = new JsonArray([.. notes.Select(n => (JsonNode)n)]);
        return data;
    }

    /// <summary>(template, variant, data) for every template in cards/teams.</summary>
    public static IEnumerable<(string Name, string Variant, JsonObject Data)> All() =>
    [
        ("enroll-qr", "first try", EnrollQr()),
        ("enroll-qr", "shown again after an interruption", EnrollQr("I was interrupted while checking your codes with AWS, and AWS did not enable your device.")),
        ("enroll-done", "not listed yet", new JsonObject
        {
            ["userName"] = "alice", ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice",
            ["notListed"] = true,
        }),
        ("enroll-done", "listed", new JsonObject
        {
            ["userName"] = "alice", ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice",
        }),
        ("enroll-usage", "device", new JsonObject { ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice" }),
        ("enroll-done", "enforced", new JsonObject
        {
            ["userName"] = "alice", ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice", ["enforced"] = true,
        }),
        ("enroll-done", "enforcement pending", new JsonObject
        {
            ["userName"] = "alice", ["serialNumber"] = "arn:aws:iam::123456789012:mfa/mfabot-alice", ["enforcementPending"] = true,
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
        ("status", "enforced", Enforced(Status(hasMfa: true, devices: 1), "MFA is required at sign-in: AWS refuses your requests made without MFA.")),
        ("status", "with a reset note", WithNotes(Status(hasMfa: true, devices: 1), "Your MFA reset request 01234567 is waiting for the helpdesk.")),
        ("reset-confirm", "asking", new JsonObject { ["asking"] = true, ["userName"] = "alice", ["devices"] = ResetDevices(2), ["maxReasonLength"] = 300 }),
        ("reset-confirm", "sent", new JsonObject { ["asking"] = false, ["userName"] = "alice", ["sent"] = true, ["notSent"] = false, ["shortId"] = "01234567" }),
        ("reset-confirm", "not sent", new JsonObject { ["asking"] = false, ["sent"] = false, ["notSent"] = true }),
        ("reset-request", "open, privileged", ResetRequest("open", privileged: true)),
        ("reset-request", "taken, one approval, last error, reminder", ResetRequest("taken", privileged: true)),
        ("reset-request", "removing", ResetRequest("removing")),
        ("reset-request", "approved", ResetRequest("approved")),
        ("reset-request", "denied", ResetRequest("denied")),
        ("reset-request", "expired", ResetRequest("expired")),
        ("reset-request", "cancelled", ResetRequest("cancelled")),
        ("reset-request", "reposted", ResetRequest("reposted")),
        ("reset-done", "two devices", new JsonObject
        {
            ["userName"] = "alice", ["removedBy"] = "Megan Bowen", ["devices"] = ResetDevices(2),
        }.Time("removedAt", "2026-05-01T09:30:00Z")),
        ("reset-done", "still enforced", new JsonObject
        {
            ["userName"] = "alice", ["removedBy"] = "Megan Bowen", ["devices"] = ResetDevices(1), ["enforced"] = true,
        }.Time("removedAt", "2026-05-01T09:30:00Z")),
        ("campaign-invite", "invite", new JsonObject
        {
            ["title"] = "Please set up MFA for AWS", ["message"] = "Megan asked you to protect your AWS sign-in by the deadline below.",
            ["canSnooze"] = true, ["snoozeNote"] = "You can ask me to remind you tomorrow 3 more times.",
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-invite", "last reminder", new JsonObject
        {
            ["title"] = "Reminder: set up MFA for AWS", ["message"] = "Megan asked you to protect your AWS sign-in by the deadline below.",
            ["canSnooze"] = false,
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-preview", "with notes", new JsonObject
        {
            ["title"] = "Invite preview", ["source"] = "this team", ["canConfirm"] = true,
            ["facts"] = CampaignFacts(("Will be invited", "40"), ("Already enrolled", "3"), ("Unknown (no AWS user)", "2")),
            ["notes"] = "No AWS user linked: ghost@example.com, temp@example.com.",
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-preview", "nobody to invite", new JsonObject
        {
            ["title"] = "Invite preview", ["source"] = "1 person named by you", ["canConfirm"] = false,
            ["facts"] = CampaignFacts(("Will be invited", "0"), ("Already enrolled", "1")),
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-progress", "running", new JsonObject
        {
            ["title"] = "MFA campaign", ["source"] = "this team", ["campaign"] = "0123456789abcdef",
            ["sentBar"] = "████████████████████ 100% (40/40)", ["enrolledBar"] = "█████░░░░░░░░░░░░░░░ 25% (10/40)",
            ["facts"] = CampaignFacts(("People", "40"), ("Invited, not enrolled yet", "30"), ("Enrolled", "10")),
            ["image"] = Chart("Campaign over 12 days: 10 of 40 people have MFA today, up from 0 on 2026-06-01. Target: everyone (40)."),
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-status", "groups", new JsonObject
        {
            ["title"] = "Campaign status", ["source"] = "this team",
            ["facts"] = CampaignFacts(("People", "3"), ("Enrolled", "1")), ["campaign"] = "0123456789abcdef",
            ["reasons"] = CampaignFacts(("No AWS user linked", "1")),
            ["groups"] = new JsonArray(new JsonObject { ["heading"] = "Not enrolled yet: 2", ["names"] = "- Alex Wilber (alexw@example.com): invited\n- ghost@example.com: not invited, no AWS user linked" },
                new JsonObject { ["heading"] = "Enrolled: 1", ["names"] = "- Lynne Robbins (lynner@example.com)" }),
            ["moreNotYet"] = new JsonObject { ["chunk"] = "0", ["from"] = "2" }, ["moreEnrolled"] = new JsonObject { ["chunk"] = "1", ["from"] = "100" },
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-status", "deadline report", new JsonObject
        {
            ["title"] = "Still missing MFA at the deadline", ["source"] = "this team", ["campaign"] = "0123456789abcdef",
            ["summary"] = "The deadline of your MFA campaign (this team) has passed. 1 of 3 people have not set up MFA yet.",
            ["facts"] = CampaignFacts(("People", "3"), ("Enrolled", "2")),
            ["groups"] = new JsonArray(new JsonObject { ["heading"] = "Not enrolled yet: 1", ["names"] = "- Alex Wilber (alexw@example.com): invited, overdue" }),
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("campaign-status", "nothing open", new JsonObject
        {
            ["title"] = "Campaign status", ["source"] = "this team",
            ["facts"] = CampaignFacts(("People", "1"), ("Enrolled", "1")), ["groups"] = new JsonArray(), ["campaign"] = "0123456789abcdef",
        }.Day("deadline", "2026-06-30T23:59:59Z")),
        ("coverage", "account", new JsonObject
        {
            ["title"] = "MFA coverage", ["summary"] = "412 of 500 human AWS users have MFA (82%).",
            ["facts"] = CampaignFacts(("Without MFA", "88"), ("Console password, no MFA", "12"), ("Active access key, no MFA", "30"), ("Service users left out", "40")),
            ["listHeading"] = "Riskiest first (2 of 88)",
            ["rows"] = new JsonArray(
                new JsonObject { ["name"] = "lynner@example.com", ["reason"] = "no MFA: console password, active access key", ["hasLastUsed"] = true }.Day("lastUsed", "2026-04-02T09:00:00Z"),
                new JsonObject { ["name"] = "admin@example.com", ["reason"] = "no MFA: never used", ["hasLastUsed"] = false }),
            ["notes"] = "IAM's credential report is denied to me, so passwords and access keys are unknown.",
            ["csvUrl"] = "https://bot.example.com/coverage-exports/abc.csv", ["canInvite"] = true, ["inviteTitle"] = "Invite these 88",
            ["snapshot"] = "0123456789abcdef0123456789abcdef",
            ["image"] = Chart("Coverage over 90 days: 412 of 500 people have MFA today, up from 300 on 2026-02-01. Target: 100% (500)."),
        }.Time("asOf", "2026-05-01T08:00:00Z")),
        ("coverage", "by team", new JsonObject
        {
            ["title"] = "MFA coverage by team", ["summary"] = "3 of 4 human AWS users have MFA (75%).",
            ["facts"] = CampaignFacts(("Without MFA here", "1")), ["listHeading"] = "Without MFA per manager",
            ["teams"] = CampaignFacts(("meganb@example.com", "1")), ["canInvite"] = false,
            ["image"] = Chart("MFA by team: meganb@example.com 3 with MFA, 1 without."),
        }),
    ];

    private static JsonObject Chart(string alt) => new() { ["url"] = "https://bot.example.com/card-images/chart.png", ["alt"] = alt };

    private static JsonArray CampaignFacts(params (string Title, string Value)[] facts) =>
        new([.. facts.Select(f => (JsonNode)new JsonObject { ["title"] = f.Title, ["value"] = f.Value })]);
}

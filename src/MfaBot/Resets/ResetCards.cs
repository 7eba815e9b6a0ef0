using System.Text.Json.Nodes;
using MfaBot.Conversation;

namespace MfaBot.Resets;

/// <summary>The reset hand-off's cards: the person's confirmation, the helpdesk request and the person's "removed" notice.</summary>
public static class ResetCards
{
    public const string Confirm = "reset-confirm";
    public const string Request = "reset-request";
    public const string Done = "reset-done";

    /// <summary>Asks the person to confirm and give a reason; lists what would be removed.</summary>
    /// <param name="zone">The person's time zone (for text where the channel cannot show times itself); null when unknown.</param>
    public static OutboundMessage Ask(string iamUser, IEnumerable<ResetDevice> devices, int maxReasonLength, TimeZoneInfo? zone, DateTimeOffset now) =>
        OutboundMessage.Show(Confirm, new JsonObject
        {
            ["asking"] = true,
            ["userName"] = iamUser,
            ["devices"] = Devices(devices, zone, now),
            ["maxReasonLength"] = maxReasonLength,
        });

    /// <summary>The confirmation card once answered: sent (with the request id) or not sent.</summary>
    /// <param name="undeliveredContact">
    /// Set when the post to the helpdesk failed (the request is kept and posted again): the card says so and how to reach
    /// the helpdesk meanwhile; "" when no contact is configured.
    /// </param>
    public static OutboundMessage Answered(string? iamUser, string? shortId, string? undeliveredContact = null)
    {
        var undelivered = shortId is not null && undeliveredContact is not null;
        return OutboundMessage.Show(Confirm, new JsonObject
        {
            ["asking"] = false,
            ["userName"] = iamUser,
            ["sent"] = shortId is not null,
            ["delivered"] = shortId is not null && !undelivered,
            ["undelivered"] = undelivered
                ? "I couldn't reach the helpdesk just now. Your request is kept and I'll keep trying to post it; I'll tell you here when they decide. If it's urgent, contact your helpdesk directly" +
                  (undeliveredContact is { Length: > 0 } c ? $": {c.Trim()}." : ".")
                : null,
            ["state"] = undelivered ? "saved" : "sent",
            ["notSent"] = shortId is null,
            ["shortId"] = shortId,
        });
    }

    /// <summary>The confirmation card once the person took the request back.</summary>
    public static OutboundMessage Withdrawn(string iamUser, string shortId) =>
        OutboundMessage.Show(Confirm, new JsonObject { ["asking"] = false, ["userName"] = iamUser, ["withdrawn"] = true, ["shortId"] = shortId });

    /// <param name="now">For the text of times where the channel cannot show them itself: a helpdesk channel has no one time zone.</param>
    /// <param name="reposted">The request was posted again in a newer message; this one keeps only the facts.</param>
    public static OutboundMessage ForHelpdesk(ResetRequest r, DateTimeOffset now, bool reposted = false)
    {
        var approvals = string.Join(", ", r.Approvals.Select(a => a.Name));
        var data = new JsonObject
        {
            ["requestId"] = r.Id,
            ["shortId"] = r.ShortId,
            ["person"] = r.User.Name ?? r.Email ?? r.User.Id,
            ["email"] = r.Email ?? "unknown",
            ["iamUser"] = r.IamUserName,
            ["reason"] = r.Reason,
            ["devices"] = Devices(r.Devices, null, now),
            ["privileged"] = r.Privileged,
            ["approvalRule"] = r.RequiresSecondApproval
                ? "two different helpdesk members must approve."
                : "one approval is enough.",
            ["takenBy"] = r.TakenBy?.Name,
            ["approvals"] = approvals.Length > 0 ? $"{approvals} ({r.Approvals.Count} of {r.RequiredApprovals})" : null,
            ["lastError"] = r.Status is ResetStatus.Open or ResetStatus.Taken ? r.LastError : null,
            ["decidedBy"] = r.DecidedBy?.Name,
            ["denyReason"] = r.DenyReason,
            ["isPending"] = r.IsPending && !reposted,
            ["canTake"] = r.IsPending && !reposted && r.TakenBy is null,
            ["isRemoving"] = r.Status == ResetStatus.Removing,
            ["isApproved"] = r.Status == ResetStatus.Completed,
            ["isDenied"] = r.Status == ResetStatus.Denied,
            ["isExpired"] = r.Status == ResetStatus.Expired,
            ["isCancelled"] = r.Status == ResetStatus.Cancelled,
            ["reposted"] = reposted && r.IsPending,
            ["reminder"] = r.Announcements > 1 && r.IsPending && !reposted,
        }.With("requestedAt", r.CreatedAt, null, now);
        if (r.DecidedAt is { } decided) data.With("decidedAt", decided, null, now);
        return OutboundMessage.Show(Request, data);
    }

    /// <summary>Tells the person their devices were removed, by whom, and offers enrollment right away.</summary>
    /// <param name="stillEnforced">The person is still in the MFA enforcement group: nothing works until they enroll again.</param>
    /// <param name="zone">The person's time zone when known (this is sent outside their turn); the text says "3 minutes ago" without it.</param>
    public static OutboundMessage Removed(ResetRequest r, TimeZoneInfo? zone, DateTimeOffset now, bool stillEnforced = false)
    {
        var data = new JsonObject
        {
            ["userName"] = r.IamUserName,
            ["removedBy"] = r.DecidedBy?.Name ?? "The helpdesk",
            ["devices"] = Devices(r.Devices, zone, now),
        }.With("removedAt", r.DecidedAt ?? r.CreatedAt, zone, now);
        if (stillEnforced) data["enforced"] = true;
        return OutboundMessage.Show(Done, data);
    }

    private static JsonArray Devices(IEnumerable<ResetDevice> devices, TimeZoneInfo? zone, DateTimeOffset now) =>
        new([.. devices.Select(d => (JsonNode)new JsonObject
        {
            ["serialNumber"] = d.SerialNumber,
            ["kind"] = d.IsVirtual ? "Virtual (authenticator app)" : "Hardware or security key",
        }.WithDay("enabledAt", d.EnableDate, zone, now))]);
}

using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Charts;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Progress;

/// <summary>
/// The campaign's messages: invite/reminder, preview and progress (cards campaign-*.json); status is <see cref="Reports.StatusCards"/>.
/// They go out outside the reader's turn, so the deadline's text (where a channel cannot show the day itself) is relative.
/// </summary>
public sealed class CampaignCards(IOptions<CampaignOptions> options, ChartImages charts, TimeProvider clock)
{
    private const int BarCells = 20;

    public OutboundMessage Invite(Campaign campaign, Invitee invitee, SendKind kind)
    {
        var manager = campaign.Manager.Name ?? "Your manager";
        var left = options.Value.MaxSnoozes - invitee.Snoozes;
        return OutboundMessage.Show("campaign-invite", new JsonObject
        {
            ["title"] = kind == SendKind.Reminder ? "Reminder: set up MFA for AWS" : "Please set up MFA for AWS",
            ["message"] = $"{manager} asked you to protect your AWS sign-in with multi-factor authentication (MFA) by the deadline below. It takes about two minutes with an authenticator app on your phone, right here in this chat."
                + (campaign.EnforceAtDeadline ? " From the deadline on, MFA is required: AWS will refuse everything you do without it, except setting it up." : ""),
            ["canSnooze"] = left > 0,
            ["snoozeNote"] = left > 0 ? $"You can ask me to remind you tomorrow {left} more time{(left == 1 ? "" : "s")}." : null,
        }.WithDay("deadline", invitee.DeadlineIn(campaign), null, clock.GetUtcNow()));
    }

    public OutboundMessage Preview(Campaign campaign, PreviewCounts counts, IReadOnlyList<string> notes, string? enforcementGroup = null) =>
        OutboundMessage.Show("campaign-preview", new JsonObject
        {
            ["title"] = "Invite preview",
            ["source"] = campaign.Source,
            ["facts"] = Facts(("Will be invited", counts.WillInvite), ("Already enrolled", counts.AlreadyEnrolled),
                ("Unknown (no AWS user)", counts.Unknown), ("Not reachable in chat", counts.NotReachable), ("Not your reports", counts.NotYourReports)),
            ["canConfirm"] = counts.WillInvite > 0,
            ["notes"] = notes.Count == 0 && !campaign.EnforceAtDeadline ? null : string.Join("\n\n", campaign.EnforceAtDeadline
                ? [$"**MFA becomes required at the deadline** for everyone invited: I add their AWS users to the group {enforcementGroup}. The invitation says so.", .. notes]
                : notes),
        }.WithDay("deadline", campaign.Deadline, null, clock.GetUtcNow()));

    /// <summary>The manager's card, with the invitees' trend as its chart (<see cref="CampaignTrend"/>).</summary>
    public OutboundMessage Progress(Campaign campaign, CampaignCounts counts, IReadOnlyList<Invitee> invitees) =>
        OutboundMessage.Show("campaign-progress", new JsonObject
        {
            ["title"] = campaign.Phase == CampaignPhase.Closed ? "MFA campaign (closed)" : "MFA campaign",
            ["campaign"] = campaign.Id,
            ["source"] = campaign.Source,
            ["sentBar"] = Bar(counts.Reached + counts.Unknown, counts.Reached + counts.Unknown + counts.ToInvite),
            ["enrolledBar"] = Bar(counts.Enrolled + counts.AlreadyEnrolled, counts.Total),
            ["facts"] = CountFacts(counts),
        }.WithDay("deadline", campaign.Deadline, null, clock.GetUtcNow()), Trend(campaign, invitees));

    private OutboundImage? Trend(Campaign campaign, IReadOnlyList<Invitee> invitees)
    {
        if (invitees.Count == 0) return null;
        var (points, first, last) = CampaignTrend.Of(campaign, invitees, clock.GetUtcNow());
        return charts.Trend("MFA among the people invited", $"Campaign over {points.Count} day{(points.Count == 1 ? "" : "s")}", points, first, last,
            (invitees.Count, $"Target: everyone ({invitees.Count})"));
    }

    /// <summary>The manager's deadline line about enforcement.</summary>
    public static string EnforcedReport(int enforcedNow, IReadOnlyList<Invitee> invitees)
    {
        var notEnforced = invitees.Count(i => i.EnforcedAt is null);
        return $"As announced, MFA is now required for {enforcedNow} {(enforcedNow == 1 ? "person" : "people")} invited; they were told."
            + (notEnforced > 0 ? $" {notEnforced} not: their invitation never went out, they have no AWS user, or IAM refused (see the audit trail)." : "");
    }

    public static string Describe(FailureReason? reason) => reason switch
    {
        FailureReason.Unmapped => "no AWS user linked",
        FailureReason.NotReachable => "no chat account found for their email",
        FailureReason.BotNotInstalled => "no private chat could be opened (app not installed for them, or account gone)",
        FailureReason.Blocked => "they blocked the bot",
        FailureReason.GaveUp => "chat service kept failing",
        FailureReason.DeliveryUnknown => "delivery unknown",
        _ => "refused by the chat service",
    };


    public static string NameOf(Invitee i) => i.Name is { Length: > 0 } name && i.Email is { } email ? $"{name} ({email})" : i.Email ?? i.Name ?? i.User?.Id ?? "?";

    /// <summary>A text progress bar, e.g. "██████░░░░ 60% (6/10)", that renders the same in Teams and Slack.</summary>
    public static string Bar(int done, int total)
    {
        var filled = total == 0 ? 0 : (int)Math.Round((double)done / total * BarCells);
        var percent = total == 0 ? 0 : (int)Math.Floor(100.0 * done / total);
        return new StringBuilder().Append('█', filled).Append('░', BarCells - filled)
            .Append(CultureInfo.InvariantCulture, $" {percent}% ({done}/{total})").ToString();
    }

    public static JsonArray CountFacts(CampaignCounts c) => Facts(("People", c.Total), ("Waiting for their invite", c.ToInvite),
        ("Invited, not enrolled yet", c.Invited), ("Enrolled", c.Enrolled), ("Already enrolled", c.AlreadyEnrolled),
        ("Overdue", c.Overdue), ("Not invited (see status)", c.Failed), ("Delivery unknown", c.Unknown));

    /// <summary>Counts that are zero are left out, except the ones a reader looks for first.</summary>
    private static JsonArray Facts(params (string Title, int Value)[] facts) =>
        CardFacts.Of(facts.Where(f => f.Value > 0 || f.Title is "People" or "Will be invited" or "Enrolled"));
}

/// <summary>What the preview card counts.</summary>
public sealed record PreviewCounts(int WillInvite, int AlreadyEnrolled, int Unknown, int NotReachable, int NotYourReports);

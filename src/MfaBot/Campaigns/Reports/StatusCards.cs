using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Conversation;

namespace MfaBot.Campaigns.Reports;

/// <summary>
/// The "campaign status" card (cards campaign-status.json): counts, why people were not invited (by reason), then a page
/// of who has MFA and who not yet, with buttons for the next page of each and for the CSV export of everyone.
/// </summary>
public static class StatusCards
{
    /// <summary>Enforcement lists are not paged: they only matter near the deadline, and the CSV has everyone.</summary>
    private const int MaxEnforcementNames = 40;

    public const string Template = "campaign-status";
    public const string CampaignInput = "campaign";
    public const string ListInput = "list";

    /// <summary>The first page, from every chunk: the counts need them all anyway.</summary>
    /// <param name="summary">A line above the counts (the deadline report says what happened).</param>
    public static OutboundMessage First(Campaign campaign, IReadOnlyList<InviteeChunk> chunks, DateTimeOffset now, int pageSize, string title, string? summary = null)
    {
        var notYet = Page(StatusList.NotYet, default, pageSize, campaign, now);
        var enrolled = Page(StatusList.Enrolled, default, pageSize, campaign, now);
        foreach (var chunk in chunks)
        {
            notYet.Add(chunk);
            enrolled.Add(chunk);
        }
        var invitees = chunks.SelectMany(c => c.Invitees).ToList();
        var counts = CampaignCounts.Of(campaign, invitees, now);
        var groups = new JsonArray
        {
            Group($"Not enrolled yet: {invitees.Count(i => StatusList.Holds(StatusList.NotYet, i))}", notYet),
            Group($"Enrolled: {counts.Enrolled + counts.AlreadyEnrolled}", enrolled),
        };
        AddEnforcement(groups, campaign, invitees);
        var data = Data(campaign, now, title, campaign.Id, groups, notYet, enrolled);
        data["summary"] = summary;
        data["facts"] = CampaignCards.CountFacts(counts);
        data["reasons"] = Reasons(invitees);
        return OutboundMessage.Show(Template, data);
    }

    /// <summary>An empty page of <paramref name="list"/> from <paramref name="start"/>, to fill with <see cref="PageCollector.Add"/>.</summary>
    public static PageCollector Page(string list, PageCursor start, int pageSize, Campaign campaign, DateTimeOffset now) =>
        new(list, start, pageSize, i => Line(i, campaign, now));

    /// <summary>A later page of one list.</summary>
    public static OutboundMessage Next(Campaign campaign, PageCollector page, DateTimeOffset now)
    {
        var heading = page.List == StatusList.Enrolled ? "Enrolled" : "Not enrolled yet";
        var groups = new JsonArray { Group(heading + ", continued", page) };
        return OutboundMessage.Show(Template, Data(campaign, now, "Campaign status: " + heading.ToLowerInvariant(), campaign.Id, groups,
            page.List == StatusList.NotYet ? page : null, page.List == StatusList.Enrolled ? page : null));
    }

    private static JsonObject Data(Campaign campaign, DateTimeOffset now, string title, string id, JsonArray groups, PageCollector? notYet, PageCollector? enrolled) => new JsonObject
    {
        ["title"] = title,
        ["source"] = campaign.Source,
        ["campaign"] = id,
        ["groups"] = groups,
        ["moreNotYet"] = More(notYet),
        ["moreEnrolled"] = More(enrolled),
    }.WithDay("deadline", campaign.Deadline, null, now);

    private static JsonObject? More(PageCollector? page) => page?.Next is { } next
        ? new JsonObject
        {
            [PageCursor.ChunkInput] = next.Chunk.ToString(CultureInfo.InvariantCulture),
            [PageCursor.FromInput] = next.From.ToString(CultureInfo.InvariantCulture),
        }
        : null;

    private static JsonObject Group(string heading, PageCollector page) => new()
    {
        ["heading"] = heading,
        ["names"] = page.Lines.Count == 0 ? "Nobody." : string.Join("\n", page.Lines)
            + (page.Full ? "\n\nMore on the next page, or export the CSV for everyone." : ""),
    };

    /// <summary>A list item: a name and, for those not enrolled yet, where they stand.</summary>
    private static string Line(Invitee i, Campaign campaign, DateTimeOffset now)
    {
        var name = "- " + CampaignCards.NameOf(i);
        if (i.State == InviteeState.Enrolled) return i.AlreadyEnrolled ? name + ": already had MFA" : name;
        var where = i switch
        {
            { IsManager: true } => "you (no invitation from yourself)",
            { State: InviteeState.Failed } => "not invited, " + CampaignCards.Describe(i.Reason),
            { State: InviteeState.Pending or InviteeState.Sending, InvitedAt: null } => "invitation not sent yet",
            { Reminders: > 0 } => $"invited, reminded {i.Reminders} time{(i.Reminders == 1 ? "" : "s")}",
            _ => "invited",
        };
        return $"{name}: {where}{(i.IsOverdue(campaign, now) ? ", overdue" : "")}";
    }

    /// <summary>Why people were not invited, as counts by reason; "delivery unknown" has its own count above.</summary>
    private static JsonArray Reasons(IEnumerable<Invitee> invitees) =>
        new([.. invitees.Where(i => i.State == InviteeState.Failed && i.Reason != FailureReason.DeliveryUnknown).GroupBy(i => i.Reason).OrderByDescending(g => g.Count())
            .Select(g => (JsonNode)new JsonObject
            {
                ["title"] = Capitalized(CampaignCards.Describe(g.Key)),
                ["value"] = g.Count().ToString(CultureInfo.InvariantCulture),
            })]);

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static void AddEnforcement(JsonArray groups, Campaign campaign, List<Invitee> invitees)
    {
        AddGroup(groups, "MFA required (enforced at the deadline)", invitees.Where(i => i.EnforcedAt is not null));
        if (campaign.EnforceAtDeadline && campaign.Phase != CampaignPhase.Closed)
            AddGroup(groups, "MFA becomes required at the deadline for", invitees.Where(i => i.InvitedAt is not null && i.IamUser is not null));
    }

    private static void AddGroup(JsonArray groups, string heading, IEnumerable<Invitee> invitees)
    {
        var list = invitees.ToList();
        if (list.Count == 0) return;
        var names = string.Join(", ", list.Take(MaxEnforcementNames).Select(CampaignCards.NameOf));
        if (list.Count > MaxEnforcementNames) names += $" and {list.Count - MaxEnforcementNames} more (see the CSV export)";
        groups.Add(new JsonObject { ["heading"] = $"{heading}: {list.Count}", ["names"] = names });
    }
}

using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;

namespace MfaBot.Campaigns.Invites;

/// <summary>
/// The preview's notes: who of those named cannot be invited, and why, so a manager who pasted addresses knows what to
/// do about each. Whether a private chat can be opened (the app installed for the person) shows only when the
/// invitations go out; <c>campaign status</c> counts those by reason.
/// </summary>
public static class PreviewNotes
{
    public static List<string> For(IReadOnlyList<Invitee> invitees, IReadOnlyList<Candidate> notYours, IReadOnlySet<string> notLookedUp,
        int lookups, int samples)
    {
        var notes = new List<string>();
        if (invitees.Any(i => i.IsManager && i.State != InviteeState.Enrolled))
            notes.Add("You are on the list yourself: I won't send you an invitation from yourself. Type **enroll** to set up your own MFA; the campaign counts it.");
        Add(notes, samples, "Not your reports, left out (you may invite only people who report to you)", notYours.Select(c => c.Email ?? c.Name ?? c.User?.Id ?? "?"));
        Add(notes, samples, "No AWS user linked to", invitees.Where(i => i.Reason == FailureReason.Unmapped).Select(CampaignCards.NameOf));
        var unreachable = invitees.Where(i => i.Reason == FailureReason.NotReachable).ToList();
        Add(notes, samples, "No chat account found for",
            unreachable.Where(i => i.Email is null || !notLookedUp.Contains(i.Email)).Select(CampaignCards.NameOf),
            "I find people among the members of the conversation you invite from, and by email where the chat platform lets me look them up. If they do use chat, type **invite** in a team or channel they are in.");
        Add(notes, samples, $"Not looked up (I look up at most {lookups} addresses per invite that are not members of this conversation)",
            unreachable.Where(i => i.Email is not null && notLookedUp.Contains(i.Email)).Select(CampaignCards.NameOf),
            "Type **invite team** in a team or channel they are in, or invite them in smaller groups.");
        return notes;
    }

    private static void Add(List<string> notes, int samples, string title, IEnumerable<string> names, string? advice = null)
    {
        var list = names.ToList();
        if (list.Count == 0) return;
        var shown = list.Take(samples).ToList();
        // All notes share one text block, which Slack caps at 3,000 characters.
        while (shown.Count > 1 && shown.Sum(n => n.Length + 2) > NameChars) shown.RemoveAt(shown.Count - 1);
        var more = list.Count > shown.Count ? $" and {list.Count - shown.Count} more" : "";
        notes.Add($"{title}: {string.Join(", ", shown)}{more}.{(advice is null ? "" : " " + advice)}");
    }

    /// <summary>Names per note, in characters: four notes with their titles and advice stay well under 3,000.</summary>
    private const int NameChars = 400;
}

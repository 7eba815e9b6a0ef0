using System.Globalization;
using System.Text.Json.Nodes;
using MfaBot.Cards;
using MfaBot.Conversation;
using MfaBot.Coverage.Report;

namespace MfaBot.Coverage.Chat;

/// <summary>The coverage card (cards/*/coverage.json): counts, a chart, the top 20 with their reasons, the CSV link, the invite button.</summary>
public static class CoverageCards
{
    /// <param name="shared">Posted to a shared conversation (the weekly digest), where no CSV link is offered.</param>
    public static OutboundMessage Card(CoverageView view, string? csvUrl, string? snapshotId, TimeZoneInfo? zone, DateTimeOffset now,
        OutboundImage? chart = null, bool shared = false)
    {
        var r = view.Result;
        var people = view.People;
        var data = new JsonObject
        {
            ["title"] = view.Scope.Kind switch
            {
                CoverageScope.Kinds.Team => $"MFA coverage: reports of {view.Scope.Manager}",
                CoverageScope.Kinds.ByTeam => "MFA coverage by team",
                _ => "MFA coverage",
            },
            ["summary"] = Summary(r),
            ["facts"] = CardFacts.Of([("Without MFA" + (view.Scope.Kind == CoverageScope.Kinds.Account ? "" : " here"), people.Count),
                ("Console password, no MFA", people.Count(p => p.ConsolePassword == true)),
                ("Active access key, no MFA", people.Count(p => p.ActiveAccessKey)),
                ("Service users left out", r.ServiceUsers)]),
            ["rows"] = new JsonArray([.. people.Take(CoverageView.Shown).Select(p => (JsonNode)Row(p, view.IsPrivilegedTag(p), zone, now))]),
            ["listHeading"] = view.Scope.Kind == CoverageScope.Kinds.ByTeam ? "Without MFA per manager" : $"Riskiest first ({Math.Min(people.Count, CoverageView.Shown)} of {people.Count})",
            ["teams"] = view.Scope.Kind == CoverageScope.Kinds.ByTeam ? CardFacts.Of(view.Teams.Where(t => t.Without > 0).Select(t => (t.Manager, t.Without))) : null,
            ["notes"] = Notes(view, csvUrl, shared),
            ["csvUrl"] = csvUrl,
            ["canInvite"] = snapshotId is not null,
            ["inviteTitle"] = $"Invite these {people.Count}",
            ["snapshot"] = snapshotId,
        };
        if (view.Scope.Kind == CoverageScope.Kinds.ByTeam) data.Remove("rows");
        if (r.AsOf is { } asOf) data.With("asOf", asOf, zone, now);
        return OutboundMessage.Show("coverage", data, chart);
    }

    private static string Summary(CoverageResult r)
    {
        var percent = r.Humans == 0 ? 100 : (int)Math.Floor(100.0 * r.WithMfa / r.Humans);
        return $"{r.WithMfa} of {r.Humans} human AWS users have MFA ({percent}%).";
    }

    private static JsonObject Row(Unprotected p, bool privilegedTag, TimeZoneInfo? zone, DateTimeOffset now)
    {
        var row = new JsonObject { ["name"] = p.UserName, ["reason"] = p.Reason(privilegedTag), ["hasLastUsed"] = p.LastUsed is not null };
        if (p.LastUsed is { } used) row.WithDay("lastUsed", used, zone, now);
        return row;
    }

    private static string? Notes(CoverageView view, string? csvUrl, bool shared)
    {
        var notes = new List<string>();
        if (view.Result.Source == CredentialSource.UserListing)
            notes.Add("IAM's credential report is denied to me, so passwords and access keys are unknown (read with ListUsers and ListMFADevices).");
        if (view.Unread > 0)
            notes.Add($"{view.Unread} users without MFA are not sorted into teams: their tags were not read (Coverage:MaxTagReads).");
        if (view.Scope.Kind == CoverageScope.Kinds.ByTeam && view.UnreadWithMfa > 0)
            notes.Add($"The chart's \"with MFA\" bars leave out {view.UnreadWithMfa} users with MFA whose tags were not read (Coverage:MaxTagReads).");
        if (csvUrl is null && view.People.Count > CoverageView.Shown)
            notes.Add($"{view.People.Count - CoverageView.Shown} more are not shown; " + (shared
                ? "type **coverage** in a private chat with me for a CSV of all of them."
                : "a CSV link needs PublicBaseUrl."));
        return notes.Count == 0 ? null : string.Join("\n\n", notes);
    }
}

using MfaBot.Campaigns.Invites;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Storage;

namespace MfaBot.Coverage.Chat;

/// <summary>
/// "Invite these N" on the coverage card: the campaign preview (and its Confirm) for the people of the stored snapshot.
/// The card's data names only the snapshot; the clicker must be the person who asked and a campaign manager now, and the
/// preview applies Campaigns:OnlyOwnReports again to every person, as for a typed invite.
/// </summary>
public sealed class InviteTheseStep(IStateStore store, InviteSources sources, InviteCommand invite, TimeProvider clock) : ICardStep
{
    private const int Concurrency = 8;

    public string Step => Steps.CoverageInvite;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct)
    {
        // One email lookup per person, then the preview's checks per person: a scan, as for a typed invite.
        IamTurn.Leave();
        if (await invite.ManagerOrRefusalAsync(context, ct) is not { } manager) return;
        var stored = action.Inputs.TryGetValue("snapshot", out var id) && IsId(id) ? await store.GetAsync<CoverageSnapshot>(CoverageSnapshot.KeyFor(id), ct) : null;
        if (stored?.Value is not { } snapshot || snapshot.OwnerKey != context.User.Key || snapshot.ExpiresAt <= clock.GetUtcNow())
        {
            await context.SayAsync("That coverage card has expired or is not yours. Type **coverage** for a fresh one.", ct);
            return;
        }
        if (invite.TooMany(snapshot.UserNames.Count) is { } tooMany)
        {
            await context.SayAsync(tooMany, ct);
            return;
        }
        var emails = new string?[snapshot.UserNames.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, emails.Length), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (n, token) => emails[n] = snapshot.Emails.GetValueOrDefault(snapshot.UserNames[n]) is { } known && EmailList.IsEmail(known)
                ? known : await sources.EmailOfAsync(snapshot.UserNames[n], token));
        var candidates = emails.Where(e => e is not null).Distinct(StringComparer.OrdinalIgnoreCase).Select(e => new Candidate(null, e, null)).ToList();
        var found = candidates.Count == 0
            ? InviteSources.Found.Fail("None of these AWS users has an email I could invite them at (their name or their email tag). Nothing was sent.")
            : new InviteSources.Found(candidates, $"coverage ({snapshot.Scope})");
        await invite.PreviewAsync(context, manager, found, enforce: false, ct);
    }

    private static bool IsId(string id) => id.Length == 32 && id.All(char.IsAsciiHexDigitLower);
}

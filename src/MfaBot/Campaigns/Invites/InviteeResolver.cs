using MfaBot.Campaigns.Access;
using MfaBot.Campaigns.Model;
using MfaBot.Campaigns.Progress;
using MfaBot.Conversation;
using MfaBot.Iam;
using MfaBot.Identity;

namespace MfaBot.Campaigns.Invites;

/// <summary>
/// Turns candidates into invitees for the preview: finds each one's chat identity (roster first, then a bounded
/// number of platform lookups) and IAM user, checks MFA in IAM, and applies the reports restriction.
/// </summary>
public sealed class InviteeResolver(IdentityMapper identities, IIamGateway iam, ManagerPolicy policy, TimeProvider clock)
{
    private const int Concurrency = 8;

    /// <summary>Per preview; Teams looks an email up by reading the whole roster, so misses stay few.</summary>
    private const int EmailLookups = 10;

    /// <summary>Names listed per reason in the preview; a pasted list is usually shorter, so every address is named.</summary>
    private const int NoteSamples = 25;

    public sealed record Resolved(List<Invitee> Invitees, PreviewCounts Counts, List<string> Notes);

    public async Task<Resolved> ResolveAsync(TurnContext context, ManagerAccess manager, List<Candidate> candidates, CancellationToken ct)
    {
        var notLookedUp = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        candidates = await AddChatIdentitiesAsync(context, candidates, notLookedUp, ct);
        candidates = [.. candidates.DistinctBy(c => c.User?.Key ?? "email:" + c.Email!.ToLowerInvariant())];
        var now = clock.GetUtcNow();
        var results = new (Invitee? Invitee, Candidate NotYours)[candidates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct },
            async (n, token) => results[n] = await ClassifyAsync(manager, candidates[n], now, token));

        var invitees = results.Where(r => r.Invitee is not null).Select((r, n) => r.Invitee! with { N = n }).ToList();
        var notYours = results.Where(r => r.Invitee is null).Select(r => r.NotYours).ToList();
        var counts = new PreviewCounts(
            invitees.Count(i => i.State == InviteeState.Pending),
            invitees.Count(i => i.AlreadyEnrolled),
            invitees.Count(i => i.Reason == FailureReason.Unmapped),
            invitees.Count(i => i.Reason == FailureReason.NotReachable),
            notYours.Count);
        return new Resolved(invitees, counts, PreviewNotes.For(invitees, notYours, notLookedUp, EmailLookups, NoteSamples));
    }

    /// <returns>The invitee, or null and the candidate when the manager may not invite them (not their report).</returns>
    private async Task<(Invitee?, Candidate)> ClassifyAsync(ManagerAccess manager, Candidate c, DateTimeOffset now, CancellationToken ct)
    {
        var self = c.User?.Key == manager.Manager.Key || (c.Email is not null && string.Equals(c.Email, manager.Email, StringComparison.OrdinalIgnoreCase));
        var invitee = new Invitee { N = 0, Email = c.Email, Name = c.Name ?? c.User?.Name, User = c.User, Deadline = c.Deadline, IsManager = self };
        var match = await identities.MapAsync(new UserProfile(c.Email, null, c.Name), ct);
        if (!self && !await policy.MayInviteAsync(manager, c.Email, match.IamUserName, ct)) return (null, c);
        if (match.IamUserName is not { } iamUser) return (invitee with { State = InviteeState.Failed, Reason = FailureReason.Unmapped }, c);
        invitee = invitee with { IamUser = iamUser };
        if ((await iam.ListMfaDevicesAsync(iamUser, ct)).Count > 0)
            return (invitee with { State = InviteeState.Enrolled, AlreadyEnrolled = true, EnrolledAt = now }, c);
        // The manager started this campaign: she is tracked like everyone, but not sent an invitation from herself.
        if (self) return (invitee with { State = InviteeState.Invited, InvitedAt = now }, c);
        if (c.User is null) return (invitee with { State = InviteeState.Failed, Reason = FailureReason.NotReachable }, c);
        return (invitee with { State = InviteeState.Pending }, c);
    }

    /// <summary>Emails for mentioned people (platform profile); chat users for emails (roster, then lookups).</summary>
    /// <param name="notLookedUp">Receives the emails left out of the roster for which no lookup was left.</param>
    private static async Task<List<Candidate>> AddChatIdentitiesAsync(TurnContext context, List<Candidate> candidates, HashSet<string> notLookedUp, CancellationToken ct)
    {
        Dictionary<string, ChatUser>? roster = null;
        var lookups = EmailLookups;
        var result = new List<Candidate>(candidates.Count);
        foreach (var c in candidates)
        {
            if (c.User is { } user && c.Email is null)
            {
                var profile = await context.Channel.GetProfileAsync(context.Conversation, user, ct);
                result.Add(c with { Email = profile?.Email ?? profile?.UserPrincipalName, Name = c.Name ?? profile?.DisplayName });
                continue;
            }
            if (c.User is null && c.Email is { } email)
            {
                roster ??= await RosterAsync(context, ct);
                var found = roster.GetValueOrDefault(email);
                if (found is null && lookups-- > 0) found = await context.Channel.FindUserByEmailAsync(context.Conversation, email, ct);
                else if (found is null) notLookedUp.Add(email);
                result.Add(c with { User = found, Name = c.Name ?? found?.Name });
                continue;
            }
            result.Add(c);
        }
        return [.. result.Where(c => c.User is not null || c.Email is not null)];
    }

    /// <summary>The conversation's members by email; empty when the platform will not list them (lookups by email remain).</summary>
    private static async Task<Dictionary<string, ChatUser>> RosterAsync(TurnContext context, CancellationToken ct)
    {
        try
        {
            return (await context.Channel.GetMembersAsync(context.Conversation, ct))
                .Where(m => m.Email is not null).DistinctBy(m => m.Email!, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(m => m.Email!, m => m.User, StringComparer.OrdinalIgnoreCase);
        }
        catch (ChannelDeliveryException)
        {
            return new Dictionary<string, ChatUser>(StringComparer.OrdinalIgnoreCase);
        }
    }
}

using MfaBot.Campaigns.Delivery;
using MfaBot.Campaigns.Model;
using MfaBot.Conversation;
using MfaBot.Enrollment;
using MfaBot.Iam;
using Microsoft.Extensions.Logging;

namespace MfaBot.Campaigns.Progress;

/// <summary>
/// Marks invitees enrolled: at once when they enroll through the bot (<see cref="IEnrollmentListener"/>), and by a
/// periodic IAM check for those who set up MFA elsewhere (console, CLI, hardware key).
/// </summary>
public sealed partial class EnrollmentTracker(
    CampaignStore store, Transitions transitions, IIamGateway iam, TimeProvider clock, ILogger<EnrollmentTracker> logger)
    : IEnrollmentListener
{
    private const int RecheckConcurrency = 4;

    /// <summary>
    /// Marks the person enrolled in every campaign past preview (closed ones too), reading only the chunks that hold them.
    /// The worker is not woken: its next pass (Campaigns:Delivery:PollInterval) shows the progress, which is throttled to
    /// Campaigns:ProgressInterval anyway, while a pass per enrollment re-read every chunk of every running campaign.
    /// </summary>
    public async Task OnEnrolledAsync(ChatUser user, string iamUserName, CancellationToken ct)
    {
        await foreach (var (campaign, chunks) in store.ChunksOfAsync(user, iamUserName, ct))
        {
            if (campaign.Phase == CampaignPhase.Preview) continue;
            await MarkAsync(campaign, chunks, i => i.User?.Key == user.Key || string.Equals(i.IamUser, iamUserName, StringComparison.Ordinal), ct);
        }
    }

    /// <summary>ListMFADevices for every invitee not yet enrolled; those with a device are marked enrolled.</summary>
    public async Task RecheckAsync(Campaign campaign, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (await store.UpdateAsync(campaign.Id, c => c.RecheckedAt == campaign.RecheckedAt ? c with { RecheckedAt = now } : null, ct) is null) return;
        var candidates = (await store.InviteesAsync(campaign, ct))
            .Where(i => i.IamUser is not null && transitions.Enrolled(i, now) is not null).Select(i => i.IamUser!).ToList();
        var enrolled = new HashSet<string>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(candidates, new ParallelOptions { MaxDegreeOfParallelism = RecheckConcurrency, CancellationToken = ct }, async (user, token) =>
        {
            try
            {
                if ((await iam.ListMfaDevicesAsync(user, token)).Count > 0)
                    lock (enrolled) enrolled.Add(user);
            }
            catch (IamException e)
            {
                LogRecheckFailed(logger, e.Code, campaign.Id);
            }
        });
        if (enrolled.Count > 0) await MarkAsync(campaign, campaign.AllChunks(), i => i.IamUser is { } u && enrolled.Contains(u), ct);
    }

    /// <summary>Finds the running campaigns' invitee records for a person (for snooze).</summary>
    public async Task<List<(Campaign Campaign, int Chunk, Invitee Invitee)>> FindAsync(ChatUser user, CancellationToken ct)
    {
        var found = new List<(Campaign, int, Invitee)>();
        await foreach (var (campaign, chunks) in store.ChunksOfAsync(user, null, ct))
        {
            if (campaign.Phase != CampaignPhase.Running) continue;
            foreach (var index in chunks)
                if (await store.GetChunkAsync(campaign.Id, index, ct) is { } chunk)
                    found.AddRange(chunk.Value.Invitees.Where(i => i.User?.Key == user.Key).Select(i => (campaign, index, i)));
        }
        return found;
    }

    /// <summary>One ETag-checked update per chunk; a chunk without a match is read and left as it is.</summary>
    private async Task MarkAsync(Campaign campaign, IEnumerable<int> chunks, Func<Invitee, bool> match, CancellationToken ct)
    {
        foreach (var index in chunks)
        {
            await store.UpdateChunkAsync(campaign.Id, index, c =>
            {
                var now = clock.GetUtcNow();
                var changed = false;
                var invitees = c.Invitees.Select(i =>
                {
                    if (!match(i) || transitions.Enrolled(i, now) is not { } done) return i;
                    changed = true;
                    return done;
                }).ToList();
                return changed ? c with { Invitees = invitees } : null;
            }, ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "IAM re-check of an invitee in campaign {CampaignId} failed ({Code}); tried again next time")]
    private static partial void LogRecheckFailed(ILogger logger, string code, string campaignId);
}

using MfaBot.Campaigns.Model;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Delivery;

/// <summary>Delivers whatever is due in one claimed chunk: claim each invitee, send, record the outcome.</summary>
public sealed class ChunkJob(CampaignStore store, InviteSender sender, Transitions transitions, IOptions<CampaignOptions> options, TimeProvider clock)
{
    private readonly DeliveryOptions _delivery = options.Value.Delivery;

    public bool HasWork(Campaign campaign, InviteeChunk chunk, DateTimeOffset now) =>
        chunk.Invitees.Any(i => transitions.IsStale(i, now) || transitions.DueFor(i, campaign, now) is not null);

    /// <returns>How many messages went out.</returns>
    public async Task<int> RunAsync(Campaign campaign, int index, string owner, CancellationToken stopping)
    {
        var writer = await ChunkWriter.ClaimAsync(store, campaign.Id, index, owner, _delivery.Lease, clock,
            chunk => ResolveStale(campaign, chunk), stopping);
        if (writer is null) return 0;
        var sent = 0;
        try
        {
            var now = clock.GetUtcNow();
            var due = writer.Current.Invitees.Where(i => transitions.DueFor(i, campaign, now) is not null).Select(i => i.N).ToList();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _delivery.SendsPerChunk }, async (n, _) =>
            {
                // A stop lets sends in flight finish and be recorded, but starts no new one.
                if (stopping.IsCancellationRequested || writer.Lost) return;
                if (await DeliverAsync(campaign, writer, n)) Interlocked.Increment(ref sent);
            });
        }
        finally
        {
            await writer.ReleaseAsync();
        }
        return sent;
    }

    private InviteeChunk ResolveStale(Campaign campaign, InviteeChunk chunk)
    {
        var now = clock.GetUtcNow();
        return chunk.Invitees.Any(i => transitions.IsStale(i, now))
            ? chunk with { Invitees = [.. chunk.Invitees.Select(i => transitions.IsStale(i, now) ? transitions.ResolveStale(i, campaign, now) : i)] }
            : chunk;
    }

    private async Task<bool> DeliverAsync(Campaign campaign, ChunkWriter writer, int n)
    {
        Invitee? claimed = null;
        SendKind kind = default;
        var claimedOk = await writer.CommitAsync(chunk => chunk.With(n, i =>
        {
            claimed = null;
            var now = clock.GetUtcNow();
            if (transitions.DueFor(i, campaign, now) is not { } due) return i;
            kind = due;
            claimed = transitions.Claim(i, due, now);
            return claimed;
        }));
        if (!claimedOk || claimed is null) return false;

        var result = await sender.SendAsync(campaign, claimed, kind, CancellationToken.None);
        await writer.CommitAsync(chunk => chunk.With(n, i => transitions.Apply(i, campaign, kind, result, clock.GetUtcNow())));
        return result.Outcome is SendOutcome.Delivered;
    }
}

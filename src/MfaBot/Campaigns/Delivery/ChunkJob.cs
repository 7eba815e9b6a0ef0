using MfaBot.Campaigns.Model;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Campaigns.Delivery;

/// <summary>Delivers whatever is due in one leased chunk: per invitee, claim the send just before it leaves, send, record the outcome.</summary>
public sealed class ChunkJob(
    CampaignStore store, InviteSender sender, Transitions transitions, DeliveryFailures failures, IOptions<CampaignOptions> options, TimeProvider clock)
{
    private readonly DeliveryOptions _delivery = options.Value.Delivery;

    public bool HasWork(Campaign campaign, InviteeChunk chunk, DateTimeOffset now) =>
        chunk.Invitees.Any(i => transitions.IsStale(i, now) || transitions.DueFor(i, campaign, now) is not null);

    /// <param name="seen">The chunk as just read; the claim starts from it (a newer version fails the ETag and is read).</param>
    /// <returns>How many messages went out.</returns>
    public async Task<int> RunAsync(Campaign campaign, Stored<InviteeChunk> seen, string owner, CancellationToken stopping)
    {
        List<Invitee> unknown = [];
        // The claim may be retried after a conflict: only its last, written preparation counts.
        var writer = await ChunkWriter.ClaimAsync(store, seen, owner, _delivery.Lease, clock,
            chunk => ResolveStale(campaign, chunk, unknown = []), stopping);
        if (writer is null) return 0;
        foreach (var invitee in unknown) await failures.ReportAsync(campaign, invitee, CancellationToken.None);
        var sent = 0;
        try
        {
            var now = clock.GetUtcNow();
            var due = writer.Current.Invitees.Where(i => transitions.DueFor(i, campaign, now) is not null).Select(i => i.N).ToList();
            await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = _delivery.SendsPerChunk }, async (n, _) =>
            {
                // A stop lets sends in flight finish and be recorded, but starts no new one.
                if (stopping.IsCancellationRequested || writer.Lost) return;
                if (await DeliverAsync(campaign, writer, n, stopping)) Interlocked.Increment(ref sent);
            });
        }
        finally
        {
            await writer.ReleaseAsync();
        }
        return sent;
    }

    /// <param name="failed">Receives the invitees whose invite became <see cref="FailureReason.DeliveryUnknown"/>.</param>
    private InviteeChunk ResolveStale(Campaign campaign, InviteeChunk chunk, List<Invitee> failed)
    {
        var now = clock.GetUtcNow();
        if (!chunk.Invitees.Any(i => transitions.IsStale(i, now))) return chunk;
        return chunk with
        {
            Invitees = [.. chunk.Invitees.Select(i =>
            {
                if (!transitions.IsStale(i, now)) return i;
                var resolved = transitions.ResolveStale(i, campaign, now);
                if (resolved.State == InviteeState.Failed) failed.Add(resolved);
                return resolved;
            })],
        };
    }

    private async Task<bool> DeliverAsync(Campaign campaign, ChunkWriter writer, int n, CancellationToken stopping)
    {
        var invitee = writer.Current.Invitees.Single(i => i.N == n);
        if (transitions.DueFor(invitee, campaign, clock.GetUtcNow()) is not { } kind) return false;
        Invitee? claimed = null;
        SendResult? result;
        try
        {
            result = await sender.SendAsync(campaign, invitee, kind,
                async conversationId => claimed = await ClaimAsync(campaign, writer, n, kind, conversationId, stopping), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped before the claim: nothing went out, the invitee stays due.
            return false;
        }
        if (result is null) return false;
        Invitee? after = null;
        var written = await writer.CommitAsync(chunk => chunk.With(n, i => after = claimed is null
            ? transitions.Unsent(i, campaign, kind, result, clock.GetUtcNow())
            : transitions.Apply(i, campaign, kind, result, clock.GetUtcNow())));
        if (written && after is { State: InviteeState.Failed } failed && invitee.State != InviteeState.Failed)
            await failures.ReportAsync(campaign, failed, CancellationToken.None);
        return result.Outcome is SendOutcome.Delivered;
    }

    /// <summary>Marks the invitee as being sent in the chunk's next write; null when no longer due, stopping, or the lease was lost.</summary>
    private async Task<Invitee?> ClaimAsync(Campaign campaign, ChunkWriter writer, int n, SendKind kind, string conversationId, CancellationToken stopping)
    {
        if (stopping.IsCancellationRequested) return null;
        Invitee? claimed = null;
        var written = await writer.CommitAsync(chunk => chunk.With(n, i => (claimed = transitions.Claim(i, campaign, kind, conversationId, clock.GetUtcNow())) ?? i));
        return written ? claimed : null;
    }
}

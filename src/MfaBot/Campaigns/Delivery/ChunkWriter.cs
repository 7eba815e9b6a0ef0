using MfaBot.Campaigns.Model;
using MfaBot.Storage;

namespace MfaBot.Campaigns.Delivery;

/// <summary>
/// The delivery worker's hold on one chunk: it keeps the chunk's lease and writes every invitee transition with
/// the ETag. Changes that arrive while a write is under way are committed together in the next write (group
/// commit), so N concurrent sends cost far fewer than 2N writes. A conflict (a person snoozed, someone enrolled)
/// re-reads the chunk and re-applies the pending changes; if another instance took the lease, the hold is lost.
/// </summary>
public sealed class ChunkWriter
{
    private readonly CampaignStore _store;
    private readonly string _owner;
    private readonly TimeSpan _lease;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private List<(Func<InviteeChunk, InviteeChunk> Change, TaskCompletionSource<bool> Done)> _queue = [];
    private bool _writing;
    private InviteeChunk _current;
    private string _etag;

    private ChunkWriter(CampaignStore store, Stored<InviteeChunk> claimed, string owner, TimeSpan lease, TimeProvider clock)
    {
        _store = store;
        _current = claimed.Value;
        _etag = claimed.ETag;
        _owner = owner;
        _lease = lease;
        _clock = clock;
    }

    public InviteeChunk Current => Volatile.Read(ref _current);

    public bool Lost { get; private set; }

    /// <summary>
    /// Takes the chunk's lease unless another live holder has it; <paramref name="prepare"/> tidies the chunk in the same write.
    /// The first attempt uses <paramref name="seen"/> (the caller just read it); after a conflict the chunk is read again.
    /// </summary>
    public static async Task<ChunkWriter?> ClaimAsync(CampaignStore store, Stored<InviteeChunk> seen, string owner, TimeSpan lease,
        TimeProvider clock, Func<InviteeChunk, InviteeChunk> prepare, CancellationToken ct)
    {
        for (Stored<InviteeChunk>? stored = seen; stored is not null; stored = await store.GetChunkAsync(seen.Value.CampaignId, seen.Value.Index, ct))
        {
            var now = clock.GetUtcNow();
            if (stored.Value.IsLeasedByOther(owner, now)) return null;
            var claimed = prepare(stored.Value) with { LeaseOwner = owner, LeaseUntil = now + lease };
            try
            {
                var etag = await store.PutChunkAsync(claimed, stored.ETag, ct);
                return new ChunkWriter(store, new Stored<InviteeChunk>(claimed, etag), owner, lease, clock);
            }
            catch (ConcurrencyConflictException)
            {
                // Changed meanwhile: look again.
            }
        }
        return null;
    }

    /// <summary>Applies <paramref name="change"/> durably; false when the lease was lost (nothing written).</summary>
    public Task<bool> CommitAsync(Func<InviteeChunk, InviteeChunk> change)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool lead;
        lock (_lock)
        {
            _queue.Add((change, done));
            lead = !_writing;
            _writing = true;
        }
        if (lead) _ = DrainAsync();
        return done.Task;
    }

    /// <summary>Gives the lease up so another instance (or a restarted one) can continue at once.</summary>
    public Task<bool> ReleaseAsync() => CommitAsync(chunk => chunk with { LeaseOwner = null, LeaseUntil = null });

    private async Task DrainAsync()
    {
        while (true)
        {
            List<(Func<InviteeChunk, InviteeChunk> Change, TaskCompletionSource<bool> Done)> batch;
            lock (_lock)
            {
                if (_queue.Count == 0)
                {
                    _writing = false;
                    return;
                }
                batch = _queue;
                _queue = [];
            }
            try
            {
                var written = await WriteAsync(batch);
                foreach (var item in batch) item.Done.SetResult(written);
            }
            catch (Exception e)
            {
                foreach (var item in batch) item.Done.SetException(e);
            }
        }
    }

    private async Task<bool> WriteAsync(List<(Func<InviteeChunk, InviteeChunk> Change, TaskCompletionSource<bool> Done)> batch)
    {
        if (Lost) return false;
        while (true)
        {
            var next = _current with { LeaseOwner = _owner, LeaseUntil = _clock.GetUtcNow() + _lease };
            foreach (var item in batch) next = item.Change(next);
            try
            {
                // Not cancellable: a send that happened must be recorded even while the app stops.
                _etag = await _store.PutChunkAsync(next, _etag, CancellationToken.None);
                Volatile.Write(ref _current, next);
                return true;
            }
            catch (ConcurrencyConflictException)
            {
                var fresh = await _store.GetChunkAsync(next.CampaignId, next.Index, CancellationToken.None);
                if (fresh is null || fresh.Value.IsLeasedByOther(_owner, _clock.GetUtcNow()))
                {
                    Lost = true;
                    return false;
                }
                _current = fresh.Value;
                _etag = fresh.ETag;
            }
        }
    }
}

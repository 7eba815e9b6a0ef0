using MfaBot.Audit;
using MfaBot.Conversation;
using MfaBot.Coordination;
using MfaBot.Coverage.Chat;
using MfaBot.Iam;
using MfaBot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Digest;

/// <summary>
/// Posts the whole-account coverage card to Coverage:Digest:Conversation once a week, once the configured local day and
/// time has passed; a bot that was down then posts when it is back, late but in the same week. Each pass builds the card
/// first (waiting for IAM's report within Iam:CredentialReportTimeout), then claims the week with a create-only write
/// and posts, then records the outcome. A refused post is retried on the next pass. A post whose outcome is unknown
/// (lost connection, or a claim whose instance stopped before recording the outcome) is not retried: the security team
/// gets a logged error and, rarely, no digest that week, never the same digest twice.
/// </summary>
public sealed partial class CoverageDigest(CoverageAnswers answers, ChannelAdapters channels, IStateStore store, IAuditTrail audit, IOptions<CoverageOptions> options,
    InstanceIdentity instance, ILeaseManager leases, IOptions<CoordinationOptions> coordination, TimeProvider clock, ILogger<CoverageDigest> logger)
    : LeasedSweeper(leases, coordination, logger)
{
    /// <summary>A claim still posting after this long was left by an instance that stopped: far beyond one post with its retries.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromMinutes(15);

    protected override string LeaseName => "sweeper/coverage-digest";

    protected override TimeSpan Interval => options.Value.Digest.CheckInterval;

    public override async Task SweepAsync(CancellationToken ct)
    {
        var o = options.Value.Digest;
        if (!o.Enabled) return;
        var now = clock.GetUtcNow();
        var schedule = DigestSchedule.At(now, o.Day, o.LocalTime(), o.Zone());
        if (now < schedule.Due) return;
        var key = DigestWeek.KeyFor(schedule.Week);
        var existing = await store.GetAsync<DigestWeek>(key, ct);
        if (existing?.Value.State == DigestWeek.States.Posting) await GiveUpIfAbandonedAsync(key, existing, schedule.Week, ct);
        if (existing is not null && existing.Value.State != DigestWeek.States.Failed) return;

        OutboundMessage card;
        try
        {
            card = await answers.CardAsync(CoverageScope.Account, viewer: null, o.Zone(), ct);
        }
        catch (IamException e)
        {
            LogNoReport(logger, schedule.Week, e.Action, e.Code);
            return;
        }
        var claimedAt = clock.GetUtcNow(); // after the wait for the report
        var claim = new DigestWeek(DigestWeek.States.Posting, instance.Id, claimedAt, claimedAt + DigestWeek.KeptFor) { FailedPosts = existing?.Value.FailedPosts ?? 0 };
        string etag;
        try
        {
            etag = await store.PutAsync(key, claim, existing?.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return; // another instance claimed this week first
        }
        var outcome = await PostAsync(channels.Configured(o.Channel, o.Conversation.Trim(), o.Address), card, claim, schedule.Week, ct);
        await store.PutAsync(key, outcome, etag, ct);
        // The security team's record that names of people without MFA went to a shared conversation.
        await audit.RecordAsync(new AuditEvent
        {
            Actor = AuditActor.System,
            Action = "coverage.digest",
            Outcome = outcome.State == DigestWeek.States.Posted ? AuditOutcome.Success : AuditOutcome.Failure,
            Detail = $"{schedule.Week}: {outcome.State}",
        }, ct);
    }

    private async Task<DigestWeek> PostAsync(ConversationRef to, OutboundMessage card, DigestWeek claim, string week, CancellationToken ct)
    {
        try
        {
            await channels.For(to).SendAsync(to, card, ct);
            LogPosted(logger, week, to.Channel);
            return claim with { State = DigestWeek.States.Posted, PostedAt = clock.GetUtcNow() };
        }
        catch (ChannelDeliveryException e) when (!e.MayHaveBeenDelivered)
        {
            LogRefused(logger, e, week, to.Channel, e.Failure);
            return claim with { State = DigestWeek.States.Failed, FailedPosts = claim.FailedPosts + 1 };
        }
        catch (ChannelDeliveryException e)
        {
            LogUnknown(logger, e, week, to.Channel);
            return claim with { State = DigestWeek.States.Unknown };
        }
    }

    private async Task GiveUpIfAbandonedAsync(string key, Stored<DigestWeek> posting, string week, CancellationToken ct)
    {
        if (clock.GetUtcNow() - posting.Value.ClaimedAt < AbandonedAfter) return;
        try
        {
            await store.PutAsync(key, posting.Value with { State = DigestWeek.States.Unknown }, posting.ETag, ct);
        }
        catch (ConcurrencyConflictException)
        {
            return; // its outcome arrived meanwhile, or another instance gave up on it
        }
        LogAbandoned(logger, week, posting.Value.Instance, posting.Value.ClaimedAt);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Coverage digest {Week} posted to the {Channel} conversation")]
    private static partial void LogPosted(ILogger logger, string week, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coverage digest {Week}: no card, IAM {Action} failed with {Code}; trying again at the next check")]
    private static partial void LogNoReport(ILogger logger, string week, string action, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Coverage digest {Week}: the {Channel} conversation refused the post ({Failure}); trying again at the next check")]
    private static partial void LogRefused(ILogger logger, Exception e, string week, string channel, DeliveryFailure failure);

    [LoggerMessage(Level = LogLevel.Error, Message = "Coverage digest {Week}: the post to the {Channel} conversation may or may not have arrived; not posting again, to avoid a duplicate")]
    private static partial void LogUnknown(ILogger logger, Exception e, string week, string channel);

    [LoggerMessage(Level = LogLevel.Error, Message = "Coverage digest {Week}: instance {Instance} claimed it at {ClaimedAt} but recorded no outcome (it stopped while posting?); it may or may not have been posted and is not posted again, to avoid a duplicate")]
    private static partial void LogAbandoned(ILogger logger, string week, string instance, DateTimeOffset claimedAt);
}

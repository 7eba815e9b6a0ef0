using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Iam;

/// <summary>
/// Retries throttling, server failures, connection failures and per-attempt timeouts with exponential backoff and
/// full jitter (never sooner than a Retry-After header asks), within Iam:MaxAttempts, Iam:MaxTotalRetryDelay, the
/// process-wide <see cref="IamRetryQuota"/> and, inside a chat turn, the turn's deadline (<see cref="IamTurn"/>).
/// Re-sends once with a corrected clock after a "signature expired" reply. Sits outside <see cref="IamSigningHandler"/>
/// so every attempt is signed afresh. Client errors other than throttling are returned at once.
/// </summary>
public sealed class IamRetryHandler(IOptions<IamOptions> options, IamClockSkew clock, IamRetryQuota quota, TimeProvider time, ILogger<IamRetryHandler> logger)
    : DelegatingHandler
{
    /// <summary>The Query API action, for log lines.</summary>
    public static readonly HttpRequestOptionsKey<string> ActionKey = new("MfaBot.Iam.Action");

    /// <summary>Set on the request: how many attempts were sent.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptsKey = new("MfaBot.Iam.Attempts");

    /// <summary>Set on the request: how many retried attempts ended unclear (no reply, or a server failure), so may have been applied.</summary>
    public static readonly HttpRequestOptionsKey<int> UnclearAttemptsKey = new("MfaBot.Iam.UnclearAttempts");

    /// <summary>An attempt shorter than this is not worth sending: a turn's last call gets at least this long.</summary>
    internal static readonly TimeSpan ShortestAttempt = TimeSpan.FromSeconds(1);

    private readonly IamOptions _options = options.Value;

    /// <summary>An attempt's end: a reply, or a transport failure; with why and when it may be retried.</summary>
    private readonly record struct Outcome(HttpResponseMessage? Response, Exception? Failure, string? RetryReason, TimeSpan RetryAfter, bool ClockSkew);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var action = request.Options.TryGetValue(ActionKey, out var a) ? a : "request";
        var turn = IamTurn.Current;
        var delayBudget = _options.MaxTotalRetryDelay;
        var skewRetried = false;
        var taken = 0;
        for (var attempt = 1; ; attempt++)
        {
            request.Options.Set(AttemptsKey, attempt);
            var outcome = await AttemptAsync(request, AttemptTimeout(turn), cancellationToken);
            if (outcome.ClockSkew)
            {
                if (skewRetried || !clock.Correct(outcome.Response!.Headers.Date)) return outcome.Response!;
                skewRetried = true;
                outcome.Response.Dispose();
                IamLog.ClockSkewCorrected(logger, action, clock.Offset.TotalSeconds);
                attempt--;
                continue;
            }
            if (outcome.RetryReason is null)
            {
                if (outcome.Response!.IsSuccessStatusCode) quota.Release(taken);
                return outcome.Response;
            }
            var delay = Backoff(attempt, outcome.RetryAfter, ref delayBudget);
            var cost = outcome.Response is null ? IamRetryQuota.TimeoutCost : IamRetryQuota.RetryCost;
            if (attempt >= _options.MaxAttempts || delay is not { } wait || !Affordable(turn, wait) || !quota.TryTake(cost))
            {
                if (outcome.Failure is not null) ExceptionDispatchInfo.Throw(outcome.Failure);
                return outcome.Response!;
            }
            taken += cost;
            // A throttled attempt was refused before IAM acted; one without a reply or with a 5xx may have been applied.
            if (outcome.Response is null || (int)outcome.Response.StatusCode >= 500)
                request.Options.Set(UnclearAttemptsKey, (request.Options.TryGetValue(UnclearAttemptsKey, out var unclear) ? unclear : 0) + 1);
            outcome.Response?.Dispose();
            IamLog.Retrying(logger, action, attempt, outcome.RetryReason, wait.TotalMilliseconds);
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>Iam:RequestTimeout, cut to what is left of the turn (but never below <see cref="ShortestAttempt"/>).</summary>
    private TimeSpan AttemptTimeout(IamTurn? turn) =>
        turn is null ? _options.RequestTimeout : TimeSpan.FromTicks(Math.Clamp(turn.Remaining.Ticks, ShortestAttempt.Ticks, Math.Max(ShortestAttempt.Ticks, _options.RequestTimeout.Ticks)));

    /// <summary>A retry fits the turn when, after the wait, a useful attempt still fits before its deadline.</summary>
    private static bool Affordable(IamTurn? turn, TimeSpan wait) => turn is null || turn.Remaining - wait >= ShortestAttempt;

    private async Task<Outcome> AttemptAsync(HttpRequestMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(timeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, attemptTimeout.Token);
            if ((int)response.StatusCode < 400) return new Outcome(response, null, null, default, false);
            // Error replies are small; buffering keeps the body readable for the gateway after we peek at the code.
            await response.Content.LoadIntoBufferAsync(attemptTimeout.Token);
        }
        catch (HttpRequestException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, e, "a connection failure", default, false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var action = request.Options.TryGetValue(ActionKey, out var a) ? a : "request";
            return new Outcome(null, new TimeoutException($"IAM {action} got no reply within {timeout}.", e),
                "no reply within " + timeout, default, false);
        }
        using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync(cancellationToken), writable: false);
        var error = IamXml.ReadError(body);
        if (error is not null && IamErrorCodes.IsClockSkew(error.Code, error.Message)) return new Outcome(response, null, null, default, true);
        if (!IamErrorCodes.IsTransient(response.StatusCode, error?.Code)) return new Outcome(response, null, null, default, false);
        return new Outcome(response, null, error?.Code ?? "HTTP " + (int)response.StatusCode, RetryAfter(response), false);
    }

    private TimeSpan RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => TimeSpan.Zero,
    };

    /// <summary>
    /// Full jitter: a uniform wait below min(cap, base·2^(attempt-1)), at least what the server asked for, taken from the
    /// call's total budget; null when the server asks for more than is left.
    /// </summary>
    private TimeSpan? Backoff(int attempt, TimeSpan retryAfter, ref TimeSpan budget)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.Ticks, _options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20)));
        var delay = TimeSpan.FromTicks(Math.Max((long)(Random.Shared.NextDouble() * ceiling), retryAfter.Ticks));
        if (retryAfter > budget) return null;
        if (delay > budget) delay = budget;
        budget -= delay;
        return delay;
    }
}

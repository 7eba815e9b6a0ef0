using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Iam;

/// <summary>
/// Retries throttling, server failures, connection failures and per-attempt timeouts with exponential backoff and
/// full jitter, within Iam:MaxAttempts and Iam:MaxTotalRetryDelay. Re-sends once with a corrected clock after a
/// "signature expired" reply. Sits outside <see cref="IamSigningHandler"/> so every attempt is signed afresh.
/// Client errors other than throttling are returned at once.
/// </summary>
public sealed class IamRetryHandler(IOptions<IamOptions> options, IamClockSkew clock, TimeProvider time, ILogger<IamRetryHandler> logger)
    : DelegatingHandler
{
    /// <summary>The Query API action, for log lines.</summary>
    public static readonly HttpRequestOptionsKey<string> ActionKey = new("MfaBot.Iam.Action");

    /// <summary>Set on the request: how many attempts were sent.</summary>
    public static readonly HttpRequestOptionsKey<int> AttemptsKey = new("MfaBot.Iam.Attempts");

    private readonly IamOptions _options = options.Value;

    private readonly record struct Outcome(HttpResponseMessage? Response, string? RetryReason, bool ClockSkew);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var action = request.Options.TryGetValue(ActionKey, out var a) ? a : "request";
        var delayBudget = _options.MaxTotalRetryDelay;
        var skewRetried = false;
        for (var attempt = 1; ; attempt++)
        {
            request.Options.Set(AttemptsKey, attempt);
            var last = attempt >= _options.MaxAttempts + (skewRetried ? 1 : 0);
            var outcome = await AttemptAsync(request, action, last, cancellationToken);
            if (outcome.ClockSkew)
            {
                if (skewRetried || !clock.Correct(outcome.Response!.Headers.Date)) return outcome.Response!;
                skewRetried = true;
                outcome.Response.Dispose();
                IamLog.ClockSkewCorrected(logger, action, clock.Offset.TotalSeconds);
                continue;
            }
            if (outcome.RetryReason is null) return outcome.Response!;
            var delay = Backoff(attempt, ref delayBudget);
            IamLog.Retrying(logger, action, attempt, outcome.RetryReason, delay.TotalMilliseconds);
            await Task.Delay(delay, time, cancellationToken);
        }
    }

    private async Task<Outcome> AttemptAsync(HttpRequestMessage request, string action, bool last, CancellationToken cancellationToken)
    {
        using var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attemptTimeout.CancelAfter(_options.RequestTimeout);
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, attemptTimeout.Token);
            if ((int)response.StatusCode < 400) return new Outcome(response, null, false);
            // Error replies are small; buffering keeps the body readable for the gateway after we peek at the code.
            await response.Content.LoadIntoBufferAsync(attemptTimeout.Token);
        }
        catch (HttpRequestException) when (!last && !cancellationToken.IsCancellationRequested)
        {
            return new Outcome(null, "a connection failure", false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            if (!last) return new Outcome(null, "no reply within " + _options.RequestTimeout, false);
            throw new TimeoutException($"IAM {action} got no reply within {_options.RequestTimeout} on any of {_options.MaxAttempts} attempts.", e);
        }
        using var body = new MemoryStream(await response.Content.ReadAsByteArrayAsync(cancellationToken), writable: false);
        var error = IamXml.ReadError(body);
        if (error is not null && IamErrorCodes.IsClockSkew(error.Code, error.Message)) return new Outcome(response, null, true);
        if (last || !IamErrorCodes.IsTransient(response.StatusCode, error?.Code)) return new Outcome(response, null, false);
        response.Dispose();
        return new Outcome(null, error?.Code ?? "HTTP " + (int)response.StatusCode, false);
    }

    /// <summary>Full jitter: a uniform wait below min(cap, base·2^(attempt-1)), taken from the call's total budget.</summary>
    private TimeSpan Backoff(int attempt, ref TimeSpan budget)
    {
        var ceiling = Math.Min(_options.MaxRetryDelay.Ticks, _options.RetryBaseDelay.Ticks * (1L << Math.Min(attempt - 1, 20)));
        var delay = TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * ceiling));
        if (delay > budget) delay = budget;
        budget -= delay;
        return delay;
    }
}

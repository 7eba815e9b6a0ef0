using MfaBot.IamSimulator.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Faults;

/// <summary>
/// Fails calls as AWS does, at the rates of <see cref="SimulatedFaults"/> (read on every call, so the control
/// endpoint's changes apply at once): an error reply, no reply until the client gives up, or a reset connection,
/// either before the action runs or after it was applied and saved.
/// </summary>
public sealed class FaultInjector(IOptions<IamSimulatorOptions> options, FaultCounters counters, TimeProvider time)
{
    /// <summary>Before the action: the added latency, then maybe a fault instead of the action.</summary>
    public async Task BeforeAsync(HttpContext http, string action)
    {
        var faults = options.Value.Faults;
        counters.Count(action, FaultCounters.Calls);
        var latency = faults.LatencyFor(action);
        if (latency > 0) await Task.Delay(TimeSpan.FromMilliseconds(latency), time, http.RequestAborted);
        await InjectAsync(http, action, faults, after: false);
    }

    /// <summary>After the action was applied: maybe a fault instead of its answer.</summary>
    public Task AfterAsync(HttpContext http, string action) => InjectAsync(http, action, options.Value.Faults, after: true);

    private async Task InjectAsync(HttpContext http, string action, SimulatedFaults faults, bool after)
    {
        if (faults.For(action).MaxFaults is { } max && counters.Get(action, FaultCounters.Faults) >= max) return;
        foreach (var fault in FaultRates.All(after))
        {
            var rate = faults.RateOf(action, fault);
            if (rate <= 0 || Random.Shared.NextDouble() >= rate) continue;
            counters.Count(action, fault.Name);
            counters.Count(action, FaultCounters.Faults);
            switch (fault.Kind)
            {
                case FaultKind.Throttling: throw IamException.Throttling();
                case FaultKind.ServiceFailure: throw IamException.ServiceFailure();
                case FaultKind.ServiceUnavailable: throw IamException.ServiceUnavailable();
                case FaultKind.Timeout:
                    // Silence until the client gives up; a client that never does gets a reset connection.
                    try { await Task.Delay(TimeSpan.FromSeconds(faults.TimeoutHoldSeconds), time, http.RequestAborted); }
                    catch (OperationCanceledException) { }
                    break;
            }
            http.Abort();
            throw new ReplyDroppedException();
        }
    }
}

/// <summary>The injected fault left the request without any reply: the pipeline writes nothing.</summary>
public sealed class ReplyDroppedException() : Exception("The simulator dropped this reply on purpose.");

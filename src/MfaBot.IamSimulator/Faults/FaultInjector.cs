using MfaBot.IamSimulator.Protocol;
using Microsoft.Extensions.Options;

namespace MfaBot.IamSimulator.Faults;

/// <summary>Adds latency and fails requests at configured rates, before any action runs.</summary>
public sealed class FaultInjector(IOptions<IamSimulatorOptions> options, TimeProvider time)
{
    public async Task ApplyAsync(CancellationToken cancellationToken)
    {
        var faults = options.Value.Faults;
        if (faults.AddedLatencyMs > 0) await Task.Delay(TimeSpan.FromMilliseconds(faults.AddedLatencyMs), time, cancellationToken);
        if (Hit(faults.ThrottleRate)) throw IamException.Throttling();
        if (Hit(faults.ServerErrorRate)) throw IamException.ServiceFailure();
    }

    private static bool Hit(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;
}

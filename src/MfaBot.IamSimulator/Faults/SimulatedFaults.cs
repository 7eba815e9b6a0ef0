using MfaBot.IamSimulator.Faults;

namespace MfaBot.IamSimulator;

/// <summary>
/// Fault injection for reliability runs (section "IamSimulator:Faults"), for IAM actions and KMS operations alike:
/// <see cref="Actions"/> gives an action its own rates, every other action gets <see cref="Default"/>. The older flat
/// settings (<see cref="ThrottleRate"/>, <see cref="ServerErrorRate"/>, <see cref="AddedLatencyMs"/>) still work and
/// apply to every action on top, as further independent draws (latencies add up).
/// </summary>
public sealed class SimulatedFaults
{
    public double ThrottleRate { get; set; }
    public double ServerErrorRate { get; set; }
    public int AddedLatencyMs { get; set; }

    public FaultRates Default { get; set; } = new();

    /// <summary>Rates by action name, in any case (EnableMFADevice, CreateVirtualMFADevice, GetUser, GenerateDataKey, …).</summary>
    public Dictionary<string, FaultRates> Actions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a Timeout fault holds the request when the client never gives up; then the connection is reset.</summary>
    public int TimeoutHoldSeconds { get; set; } = 120;

    /// <summary>The rates that apply to <paramref name="action"/>.</summary>
    public FaultRates For(string action) => Actions.TryGetValue(action, out var own) ? own : Default;

    /// <summary>The chance of <paramref name="fault"/> for <paramref name="action"/>, the flat settings folded in.</summary>
    public double RateOf(string action, Fault fault)
    {
        var rate = For(action).RateOf(fault);
        var flat = fault switch
        {
            { Kind: FaultKind.Throttling, After: false } => ThrottleRate,
            { Kind: FaultKind.ServiceFailure, After: false } => ServerErrorRate,
            _ => 0,
        };
        return 1 - ((1 - rate) * (1 - flat));
    }

    public int LatencyFor(string action) => AddedLatencyMs + For(action).AddedLatencyMs;

    /// <summary>One line per invalid setting, each naming it (start-up check and the control endpoint).</summary>
    public IEnumerable<string> Problems(string setting, IReadOnlySet<string> knownActions)
    {
        if (ThrottleRate is not (>= 0 and <= 1)) yield return $"{setting}:ThrottleRate is {ThrottleRate}; it must be between 0 and 1.";
        if (ServerErrorRate is not (>= 0 and <= 1)) yield return $"{setting}:ServerErrorRate is {ServerErrorRate}; it must be between 0 and 1.";
        if (AddedLatencyMs is < 0 or > 600_000) yield return $"{setting}:AddedLatencyMs is {AddedLatencyMs}; it must be between 0 and 600000.";
        if (TimeoutHoldSeconds is < 1 or > 3600) yield return $"{setting}:TimeoutHoldSeconds is {TimeoutHoldSeconds}; it must be between 1 and 3600.";
        foreach (var problem in (Default ?? new()).Problems(setting + ":Default")) yield return problem;
        foreach (var (action, rates) in Actions ?? [])
        {
            if (!knownActions.Contains(action))
                yield return $"{setting}:Actions:{action} names no IAM action or KMS operation the simulator serves.";
            foreach (var problem in (rates ?? new()).Problems($"{setting}:Actions:{action}")) yield return problem;
        }
    }
}

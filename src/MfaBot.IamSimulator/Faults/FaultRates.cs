namespace MfaBot.IamSimulator.Faults;

/// <summary>
/// Probabilities (0..1) of each fault for one action, drawn independently: the "before" kinds in the order listed
/// (the first that hits answers instead of the action), then, if the action ran, the "After" kinds likewise. So the
/// chance that a call fails before acting is 1 − Π(1 − rate) over the before kinds.
/// </summary>
public sealed class FaultRates
{
    public int AddedLatencyMs { get; set; }

    /// <summary>Stop after this many faults of this action (counted since the last counter reset); unset, no limit.</summary>
    public int? MaxFaults { get; set; }

    public double Throttling { get; set; }
    public double ServiceFailure { get; set; }
    public double ServiceUnavailable { get; set; }
    public double Timeout { get; set; }
    public double ConnectionReset { get; set; }

    public double ThrottlingAfter { get; set; }
    public double ServiceFailureAfter { get; set; }
    public double ServiceUnavailableAfter { get; set; }
    public double TimeoutAfter { get; set; }
    public double ConnectionResetAfter { get; set; }

    /// <summary>The rate of one fault, by kind and moment.</summary>
    public double RateOf(Fault fault) => (fault.Kind, fault.After) switch
    {
        (FaultKind.Throttling, false) => Throttling,
        (FaultKind.ServiceFailure, false) => ServiceFailure,
        (FaultKind.ServiceUnavailable, false) => ServiceUnavailable,
        (FaultKind.Timeout, false) => Timeout,
        (FaultKind.ConnectionReset, false) => ConnectionReset,
        (FaultKind.Throttling, true) => ThrottlingAfter,
        (FaultKind.ServiceFailure, true) => ServiceFailureAfter,
        (FaultKind.ServiceUnavailable, true) => ServiceUnavailableAfter,
        (FaultKind.Timeout, true) => TimeoutAfter,
        _ => ConnectionResetAfter,
    };

    /// <summary>Every fault in the order it is drawn.</summary>
    public static IEnumerable<Fault> All(bool after) => Enum.GetValues<FaultKind>().Select(k => new Fault(k, after));

    internal IEnumerable<string> Problems(string setting)
    {
        if (AddedLatencyMs is < 0 or > 600_000) yield return $"{setting}:AddedLatencyMs is {AddedLatencyMs}; it must be between 0 and 600000.";
        if (MaxFaults is < 0) yield return $"{setting}:MaxFaults is {MaxFaults}; it must be 0 or more.";
        foreach (var fault in All(false).Concat(All(true)))
        {
            var rate = RateOf(fault);
            if (rate is not (>= 0 and <= 1)) yield return $"{setting}:{fault.Name} is {rate}; it must be between 0 and 1.";
        }
    }
}

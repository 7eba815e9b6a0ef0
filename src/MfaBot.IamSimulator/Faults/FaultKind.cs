namespace MfaBot.IamSimulator.Faults;

/// <summary>How AWS fails a call. Each kind happens either before the action runs or after it was applied.</summary>
public enum FaultKind
{
    /// <summary>400 Throttling ("Rate exceeded"); KMS: ThrottlingException.</summary>
    Throttling,

    /// <summary>500 ServiceFailure; KMS: KMSInternalException.</summary>
    ServiceFailure,

    /// <summary>503 ServiceUnavailable.</summary>
    ServiceUnavailable,

    /// <summary>No answer at all until the client gives up (or <see cref="SimulatedFaults.TimeoutHoldSeconds"/> pass).</summary>
    Timeout,

    /// <summary>The connection is reset without an answer.</summary>
    ConnectionReset,
}

/// <summary>One injected fault: its kind and whether the action was applied first.</summary>
public readonly record struct Fault(FaultKind Kind, bool After)
{
    /// <summary>The name used in settings and counters: "ServiceFailure", "ServiceFailureAfter".</summary>
    public string Name => After ? Kind + "After" : Kind.ToString();
}

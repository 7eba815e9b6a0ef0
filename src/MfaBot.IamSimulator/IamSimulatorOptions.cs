namespace MfaBot.IamSimulator;

/// <summary>Settings of the simulated IAM account (section "IamSimulator").</summary>
public sealed class IamSimulatorOptions
{
    public const string Section = "IamSimulator";

    public string AccountId { get; set; } = "123456789012";

    /// <summary>Signing region the simulator expects in SigV4 credential scopes.</summary>
    public string Region { get; set; } = "us-east-1";

    public List<SimulatedUser> Users { get; set; } = [];

    public List<SimulatedAccessKey> AccessKeys { get; set; } = [];

    /// <summary>Groups that exist from the start (the simulator has no CreateGroup); members join with AddUserToGroup.</summary>
    public List<SimulatedGroup> Groups { get; set; } = [];

    /// <summary>KMS keys that exist from the start (with random material, kept in the state file); CreateKey adds more.</summary>
    public List<SimulatedKmsKey> KmsKeys { get; set; } = [];

    /// <summary>When set, state is loaded from and saved to this file.</summary>
    public string? StateFile { get; set; }

    /// <summary>
    /// The journal next to the state file is compacted into a fresh snapshot once it is larger than this and than the
    /// snapshot itself (so rewriting the snapshot costs at most one byte per byte appended). 4 KiB..1 GiB.
    /// </summary>
    public long JournalCompactionBytes { get; set; } = 1 << 20;

    public SimulatedFaults Faults { get; set; } = new();

    /// <summary>
    /// When set, the fault control endpoint ("{mount}/_faults") takes callers that send it in X-Simulator-Control-Key,
    /// from anywhere; unset, only callers on this machine.
    /// </summary>
    public string? ControlKey { get; set; }

    /// <summary>EnableMFADevice accepts two consecutive codes whose steps lie within this many 30 s steps of now.</summary>
    public int CodeWindowSteps { get; set; } = 1;

    /// <summary>ResyncMFADevice searches wider, for a device whose clock has drifted.</summary>
    public int ResyncWindowSteps { get; set; } = 10;

    /// <summary>
    /// A credential report younger than this is not regenerated, and GetCredentialReport answers ReportExpired once it is
    /// older (AWS: four hours). Zero makes every GenerateCredentialReport start a fresh report that never expires.
    /// </summary>
    public TimeSpan CredentialReportMaxAge { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Operations the callers' policy denies (AccessDenied, 403), e.g. ["GetCredentialReport"], to exercise a client's
    /// least-privilege paths. The simulator has no policy language; this is all-or-nothing per operation.
    /// </summary>
    public List<string> DeniedActions { get; set; } = [];
}

public sealed class SimulatedUser
{
    public string UserName { get; set; } = "";
    public string Path { get; set; } = "/";
    public Dictionary<string, string> Tags { get; set; } = [];
}

public sealed class SimulatedGroup
{
    public string GroupName { get; set; } = "";
    public string Path { get; set; } = "/";
}

public sealed class SimulatedKmsKey
{
    public Guid KeyId { get; set; }
    public string Description { get; set; } = "";
}

public sealed class SimulatedAccessKey
{
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
    public string UserName { get; set; } = "";
}

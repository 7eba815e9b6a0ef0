namespace MfaBot.Iam;

/// <summary>How the bot reaches IAM (section "Iam").</summary>
public sealed class IamOptions
{
    public const string Section = "Iam";

    /// <summary>aws, aws-cn or aws-us-gov: picks the global IAM endpoint and signing region.</summary>
    public string Partition { get; set; } = "aws";

    /// <summary>Explicit endpoint (e.g. the embedded simulator); overrides the partition's.</summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>Signing region; defaults to the partition's.</summary>
    public string? SigningRegion { get; set; }

    /// <summary>Static keys for development and the simulator only. Unset: the AWS default credential chain.</summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    /// <summary>How long the default credential chain may search (it may probe instance metadata).</summary>
    public TimeSpan CredentialsTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Time limit of one attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Backoff base: attempt n waits a random time below min(MaxRetryDelay, RetryBaseDelay·2^(n-1)).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of all backoff waits of one call together.</summary>
    public TimeSpan MaxTotalRetryDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// All IAM calls of one chat turn, retries and waits included, end by then (a call started late still gets one
    /// short attempt), so a person gets the answer while the channel still waits for it (Teams: 15 s).
    /// </summary>
    public TimeSpan TurnBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Capacity of the process-wide retry quota (<see cref="IamRetryQuota"/>); 0 turns retries off.</summary>
    public int RetryQuota { get; set; } = 500;

    /// <summary>
    /// The longest one call may take, retries and backoff included: the HTTP client's backstop, so no call outlives it.
    /// A method, not a property, so configuration binding leaves it alone.
    /// </summary>
    public TimeSpan LongestCall() => (RequestTimeout * MaxAttempts) + MaxTotalRetryDelay + TimeSpan.FromSeconds(10);

    /// <summary>MaxItems sent with list calls (1–1000).</summary>
    public int PageSize { get; set; } = 100;

    /// <summary>Wait between GenerateCredentialReport calls while IAM builds the report.</summary>
    public TimeSpan CredentialReportPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a reading waits for IAM to finish the credential report before it gives up.</summary>
    public TimeSpan CredentialReportTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Allows plain http to a non-loopback ServiceUrl (replies carry MFA seeds: off by default).</summary>
    public bool AllowInsecureHttp { get; set; }
}

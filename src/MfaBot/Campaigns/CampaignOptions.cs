using System.ComponentModel.DataAnnotations;

namespace MfaBot.Campaigns;

/// <summary>Manager campaigns (section "Campaigns"): who may run them, deadlines, reminders, delivery pacing.</summary>
public sealed class CampaignOptions
{
    public const string Section = "Campaigns";

    /// <summary>People allowed to run campaigns, by any one verified identifier.</summary>
    public List<ManagerEntry> Managers { get; set; } = [];

    /// <summary>When true, a manager may invite only their reports (from <see cref="Reports"/> or the IAM tag).</summary>
    public bool OnlyOwnReports { get; set; }

    /// <summary>Manager email → emails of their reports.</summary>
    public Dictionary<string, List<string>> Reports { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>IAM user tag naming a user's manager by email; "" turns the tag lookup off.</summary>
    public string ManagerTagKey { get; set; } = "manager";

    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DefaultDeadline { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Reminders, as times after the invitation; none is sent after the deadline.</summary>
    public List<TimeSpan> ReminderSchedule { get; set; } = [];

    [Range(0, 10)]
    public int MaxSnoozes { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan SnoozeDelay { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Requests per second per (channel, tenant/workspace); Teams allows 50 per app per tenant.</summary>
    [Range(0.01, 100_000)]
    public double SendRatePerSecond { get; set; } = 50;

    /// <summary>Overrides of <see cref="SendRatePerSecond"/> by channel, e.g. "slack": 0.83 (conversations.open is tier 3, 50/min).</summary>
    public Dictionary<string, double> ChannelRatePerSecond { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Limits on messages into one conversation (Teams: 7/1 s, 8/2 s, 60/30 s, 1800/h).</summary>
    public List<RateWindow> PerConversation { get; set; } = [];

    /// <summary>
    /// Added to every rate window, so requests delayed on their way (a busy host, the network) cannot squeeze more into
    /// a window at the platform. 100 ms absorbs a delay up to that long after a request's slot, at the cost of a global pace
    /// of 50 per 1.1 s; the campaign-day benchmark still saw 51 of a 50/s limit arrive in one second in one run of four
    /// (with 25 ms: 50–59), so longer delays happen (docs/BENCHMARKS.md).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan PacingMargin { get; set; } = TimeSpan.FromMilliseconds(100);

    public DeliveryOptions Delivery { get; set; } = new();

    /// <summary>How often the manager's card is updated at most while invites go out.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often invitees' IAM users are checked for MFA set up outside the bot.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>A preview not confirmed within this time is discarded.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan PreviewLifetime { get; set; } = TimeSpan.FromHours(1);

    [Range(1, 10_000_000)]
    public long CsvMaxBytes { get; set; } = 1_000_000;

    [Range(1, 100_000)]
    public int MaxInvitees { get; set; } = 20_000;

    /// <summary>How long an export link works.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan ExportLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Without a public base URL, exports up to this many rows are shown inline.</summary>
    [Range(0, 1000)]
    public int InlineExportMaxRows { get; set; } = 50;

    /// <summary>Names per list on one page of "campaign status"; the rest are a click (or the CSV export) away.</summary>
    [Range(1, 40)]
    public int StatusPageSize { get; set; } = 25;

    /// <summary>The bot's public https base (top-level PublicBaseUrl); exports are served under it.</summary>
    public string? PublicBaseUrl { get; set; }

    public double RateFor(string channel) => ChannelRatePerSecond.TryGetValue(channel, out var rate) && rate > 0 ? rate : SendRatePerSecond;
}

/// <summary>A manager: any one of the identifiers is enough.</summary>
public sealed class ManagerEntry
{
    public string? AadObjectId { get; set; }
    public string? Email { get; set; }
    public string? SlackUserId { get; set; }
}

/// <summary>At most <see cref="Limit"/> requests in any <see cref="Window"/>.</summary>
public sealed class RateWindow
{
    [Range(1, 1_000_000)]
    public int Limit { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}

/// <summary>How the delivery worker claims and works through invitees.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Invitees per stored chunk: one record per chunk keeps a 10,000-person campaign at 100 files.</summary>
    [Range(1, 1000)]
    public int ChunkSize { get; set; } = 100;

    /// <summary>Chunks one instance works on at once; each holds a lease.</summary>
    [Range(1, 64)]
    public int ConcurrentChunks { get; set; } = 4;

    /// <summary>Sends in flight per chunk.</summary>
    [Range(1, 64)]
    public int SendsPerChunk { get; set; } = 8;

    /// <summary>A chunk (and an invitee being sent) belongs to its claimer this long; renewed on every write.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts for transient failures (throttling left after the channel's own retries, outages).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);
}

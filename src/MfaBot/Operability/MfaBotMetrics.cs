using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace MfaBot.Operability;

/// <summary>
/// The bot's own traces and metrics, all named "MfaBot" (the ActivitySource and the Meter) so that one
/// AddSource/AddMeter picks them up. Instruments and their tags:
/// <list type="bullet">
/// <item>mfabot.turn.duration (histogram, s): channel, outcome = ok | error.</item>
/// <item>mfabot.iam.call.duration (histogram, s): aws.iam.action, outcome = ok | the IAM error code.</item>
/// <item>mfabot.iam.call.errors (counter): aws.iam.action, error.type = the IAM error code.</item>
/// <item>mfabot.campaign.messages (counter): outcome = sent | failed | skipped — for campaign delivery to add to.</item>
/// </list>
/// </summary>
public sealed class MfaBotMetrics
{
    public const string Name = "MfaBot";

    /// <summary>Spans of turns and IAM calls.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Histogram<double> _turnDuration;
    private readonly Histogram<double> _iamDuration;
    private readonly Counter<long> _iamErrors;

    public MfaBotMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _turnDuration = meter.CreateHistogram<double>("mfabot.turn.duration", "s", "Time to handle one turn, from routing to the last reply sent.");
        _iamDuration = meter.CreateHistogram<double>("mfabot.iam.call.duration", "s", "Time of one IAM call, retries included.");
        _iamErrors = meter.CreateCounter<long>("mfabot.iam.call.errors", "{call}", "IAM calls that ended in an error.");
        CampaignMessages = meter.CreateCounter<long>("mfabot.campaign.messages", "{message}", "Campaign messages handled; tag outcome = sent | failed | skipped.");
    }

    /// <summary>Campaign throughput: Add(1, new("outcome", "sent")) per message.</summary>
    public Counter<long> CampaignMessages { get; }

    public void RecordTurn(string channel, bool ok, TimeSpan elapsed) =>
        _turnDuration.Record(elapsed.TotalSeconds, new("channel", channel), new("outcome", ok ? "ok" : "error"));

    /// <param name="errorCode">Null for success; otherwise the IAM error code (or the gateway's own, e.g. RequestTimeout).</param>
    public void RecordIamCall(string action, string? errorCode, TimeSpan elapsed)
    {
        _iamDuration.Record(elapsed.TotalSeconds, new("aws.iam.action", action), new("outcome", errorCode ?? "ok"));
        if (errorCode is not null) _iamErrors.Add(1, new("aws.iam.action", action), new("error.type", errorCode));
    }
}

using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Targets;

namespace MfaBot.LoadTest.Scenarios;

/// <summary>
/// The interactive side of a campaign day: the first <paramref name="enrollers"/> people enroll (whole enrollments, at a
/// person's pace), everyone after them asks <c>status</c>. The same mix runs once without and once during a campaign.
/// </summary>
public sealed class CampaignInteractive(int enrollers, IScenario enroll, IScenario status) : IScenario
{
    private readonly HashSet<string> _enrollers = [.. Enumerable.Range(0, enrollers).Select(i => Person.Numbered(i).Local)];

    public string Name => "campaign day";

    public Task IterateAsync(Person person, TurnRecorder recorder, CancellationToken ct) =>
        (_enrollers.Contains(person.Local) ? enroll : status).IterateAsync(person, recorder, ct);

    /// <summary>A campaign's invitation or reminder card (campaign-invite), as the connector receives it.</summary>
    public static bool IsInvite(ConnectorCall call) =>
        call.Method is "POST" or "REPLY" && call.Card?["body"]?[0]?["text"]?.GetValue<string>() is "Please set up MFA for AWS" or "Reminder: set up MFA for AWS";

    /// <summary>The answer to <c>status</c>: the first new message that is not campaign traffic.</summary>
    public static bool IsStatusAnswer(ConnectorCall call) => call.Method is "POST" or "REPLY" && !IsInvite(call);
}

/// <summary>
/// A campaign day's figures: the interactive mix without and during the campaign, the invitations delivered (from the
/// campaign's first connector request to the last invitation, or to the end of the wait for them), the connector requests
/// the campaign made (open a 1:1 + send) against the configured rate, and the bot's peak RSS.
/// </summary>
public sealed record CampaignResult(int People, int Enrollers, int StatusAskers, TimeSpan Think, double PreviewSeconds,
    LoadResult Quiet, LoadResult During, int Invites, int ToInvite, double DeliverySeconds, int Requests, int PeakRequestsPerSecond,
    double RatePerSecond, ProcessMemory? Memory)
{
    /// <summary>Invitations that arrived while the interactive run lasted (warm-up included).</summary>
    public int DeliveredDuringRun { get; init; }

    public double InvitesPerSecond => DeliverySeconds > 0 ? Invites / DeliverySeconds : 0;

    public double RequestsPerSecond => DeliverySeconds > 0 ? Requests / DeliverySeconds : 0;

    public double P99Ratio => During.Percentile(99) / Quiet.Percentile(99);
}

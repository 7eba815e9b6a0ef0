namespace MfaBot.Campaigns.Model;

/// <summary>
/// Up to Delivery:ChunkSize invitees stored as one record under "campaign-chunk/{id}/{n}". One record per chunk
/// keeps a 10,000-person campaign at about 100 files, and its lease lets one instance at a time deliver it.
/// </summary>
public sealed record InviteeChunk
{
    public required string CampaignId { get; init; }
    public required int Index { get; init; }
    public required IReadOnlyList<Invitee> Invitees { get; init; }
    public string? LeaseOwner { get; init; }
    public DateTimeOffset? LeaseUntil { get; init; }

    public bool IsLeasedByOther(string owner, DateTimeOffset now) => LeaseOwner is { } o && o != owner && LeaseUntil > now;

    public InviteeChunk With(int n, Func<Invitee, Invitee> change) =>
        this with { Invitees = [.. Invitees.Select(i => i.N == n ? change(i) : i)] };

    public static string KeyFor(string campaignId, int index) => $"campaign-chunk/{campaignId}/{index:D5}";
}

namespace MfaBot.Campaigns.Index;

/// <summary>
/// One bucket of the person index, under "campaign-person/{n:D3}": campaign id → person id (<see cref="PersonRef.Id"/>) →
/// the chunks holding that person, for every person hashed to this bucket.
/// </summary>
public sealed record PersonBucket
{
    public static readonly PersonBucket Empty = new();

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int[]>> Campaigns { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, int[]>>(StringComparer.Ordinal);

    public PersonBucket With(string campaignId, IReadOnlyDictionary<string, int[]> persons) =>
        new() { Campaigns = new Dictionary<string, IReadOnlyDictionary<string, int[]>>(Campaigns, StringComparer.Ordinal) { [campaignId] = persons } };

    /// <summary>Without the campaign; null when it is not in this bucket (nothing to write).</summary>
    public PersonBucket? Without(string campaignId) => Campaigns.ContainsKey(campaignId)
        ? new() { Campaigns = Campaigns.Where(c => c.Key != campaignId).ToDictionary(StringComparer.Ordinal) }
        : null;

    public static string KeyFor(int bucket) => $"campaign-person/{bucket:D3}";
}

using MfaBot.Campaigns;
using MfaBot.Iam;
using MfaBot.Identity;
using MfaBot.Resets;
using Microsoft.Extensions.Options;

namespace MfaBot.Coverage.Report;

/// <summary>What coverage reads from a user's tags: their manager (the tag campaigns use), email and the privileged mark.</summary>
public sealed record UserTagInfo(string? Manager, string? Email, bool Privileged);

/// <summary>
/// ListUserTags for a bounded number of users (one call each, <see cref="CoverageOptions.MaxTagReads"/>), a few at a
/// time. The credential report carries no tags, so this is the cost of team views and the privileged tag.
/// </summary>
public sealed class UserTags(IIamGateway iam, IOptions<CampaignOptions> campaigns, IOptions<ResetOptions> resets, IOptions<IdentityOptions> identity)
{
    private const int Concurrency = 8;

    public async Task<Dictionary<string, UserTagInfo>> ReadAsync(IEnumerable<string> userNames, CancellationToken ct)
    {
        var found = new Dictionary<string, UserTagInfo>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(userNames, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = ct }, async (name, token) =>
        {
            IReadOnlyList<IamTag> tags;
            try
            {
                tags = await iam.ListUserTagsAsync(name, token);
            }
            catch (IamException e) when (e.Code == IamErrorCodes.NoSuchEntity)
            {
                return; // Deleted since the report.
            }
            var info = Describe(tags);
            lock (found) found[name] = info;
        });
        return found;
    }

    private UserTagInfo Describe(IReadOnlyList<IamTag> tags)
    {
        string? Value(string key) => key.Length == 0 ? null : tags.FirstOrDefault(t => t.Key == key)?.Value.Trim();
        return new UserTagInfo(Value(campaigns.Value.ManagerTagKey)?.ToLowerInvariant(), Value(identity.Value.TagKey), resets.Value.IsPrivilegedTag(tags));
    }
}

using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;
using MfaBot.IamSimulator.Validation;

namespace MfaBot.IamSimulator.Actions;

/// <summary>IAM tag keys are case-insensitive: no duplicates in one request, a new value replaces the old one.</summary>
internal static class TagRules
{
    public static void RequireUniqueKeys(IReadOnlyCollection<Tag> tags)
    {
        if (tags.DistinctBy(t => t.Key.ToUpperInvariant()).Count() != tags.Count)
            throw IamException.InvalidInput("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
    }

    public static void Merge(List<Tag> existing, IReadOnlyCollection<Tag> added)
    {
        RequireUniqueKeys(added);
        var merged = existing.Where(e => !added.Any(a => string.Equals(a.Key, e.Key, StringComparison.OrdinalIgnoreCase))).Concat(added).ToList();
        if (merged.Count > Shapes.MaxTags) throw IamException.LimitExceeded("The number of tags has reached the maximum limit.");
        existing.Clear();
        existing.AddRange(merged);
    }
}

using MfaBot.Iam;
using Microsoft.Extensions.Options;

namespace MfaBot.Identity;

/// <summary>
/// email → IAM user, from a tag on each user. IAM cannot search by tag, so the index is built from
/// ListUsers + ListUserTags and reused for a while; a miss triggers at most one rebuild per lifetime.
/// </summary>
public sealed class UserTagIndex(IIamGateway iam, IOptions<IdentityOptions> options, TimeProvider clock) : IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private Dictionary<string, string> _byEmail = new(StringComparer.OrdinalIgnoreCase);
    private DateTimeOffset _builtAt = DateTimeOffset.MinValue;

    public async Task<string?> FindAsync(string email, CancellationToken ct)
    {
        if (IsFresh() && _byEmail.TryGetValue(email, out var user)) return user;
        await _rebuild.WaitAsync(ct);
        try
        {
            if (!IsFresh()) await RebuildAsync(ct);
        }
        finally
        {
            _rebuild.Release();
        }
        return _byEmail.GetValueOrDefault(email);
    }

    public void Dispose() => _rebuild.Dispose();

    private bool IsFresh() => clock.GetUtcNow() - _builtAt < options.Value.TagIndexLifetime;

    private async Task RebuildAsync(CancellationToken ct)
    {
        var index = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var duplicates = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in await iam.ListUsersAsync(null, ct))
        {
            var tags = await iam.ListUserTagsAsync(user.UserName, ct);
            var email = tags.FirstOrDefault(t => t.Key.Equals(options.Value.TagKey, StringComparison.Ordinal))?.Value;
            if (string.IsNullOrWhiteSpace(email)) continue;
            // An email claimed by two users maps to neither: enrolling the wrong one would be worse than none.
            if (!index.TryAdd(email.Trim(), user.UserName)) duplicates.Add(email.Trim());
        }
        foreach (var email in duplicates) index.Remove(email);
        _byEmail = index;
        _builtAt = clock.GetUtcNow();
    }
}

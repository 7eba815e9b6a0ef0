using MfaBot.Conversation;
using MfaBot.Iam;
using Microsoft.Extensions.Options;

namespace MfaBot.Identity;

/// <summary>The outcome of mapping a person to an IAM user: a user name, or why not (to tell the person).</summary>
public sealed record IdentityMatch(string? IamUserName, string? Email, string? Problem)
{
    public static IdentityMatch Found(string userName, string email) => new(userName, email, null);

    public static IdentityMatch NotFound(string? email, string problem) => new(null, email, problem);
}

/// <summary>
/// Maps a chat identity to the one IAM user it may act on. The email comes from the platform (Teams member
/// lookup, Slack users.info), never from anything the person typed or a card submitted.
/// </summary>
public sealed class IdentityMapper(IIamGateway iam, IOptions<IdentityOptions> options, UserTagIndex tagIndex, LookupCache recent)
{
    private readonly IdentityOptions _options = options.Value;

    public async Task<IdentityMatch> MapAsync(UserProfile? profile, CancellationToken ct)
    {
        var email = (profile?.Email ?? profile?.UserPrincipalName)?.Trim();
        var at = email?.LastIndexOf('@') ?? -1;
        if (email is null || at <= 0 || at == email.Length - 1)
            return IdentityMatch.NotFound(null, "your chat account has no email address I can use to find your AWS user");
        var domain = email[(at + 1)..];
        if (_options.AllowedDomains.Count > 0 && !_options.AllowedDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
            return IdentityMatch.NotFound(email, $"accounts in the domain {domain} are not set up for AWS MFA enrollment");

        var candidate = _options.Strategy switch
        {
            IdentityStrategy.EmailIsUserName => email,
            IdentityStrategy.EmailLocalPart => email[..at],
            IdentityStrategy.Table => _options.Table.GetValueOrDefault(email),
            IdentityStrategy.Tag => await tagIndex.FindAsync(email, ct),
            _ => null,
        };
        if (candidate is null || !await ExistsAsync(candidate, ct))
            return IdentityMatch.NotFound(email, $"no AWS IAM user is linked to {email}");
        return IdentityMatch.Found(candidate, email);
    }

    private async Task<bool> ExistsAsync(string userName, CancellationToken ct)
    {
        if (!IamNames.IsValidUserName(userName)) return false;
        return await recent.GetAsync("iam-user/" + userName, async () =>
        {
            try
            {
                await iam.GetUserAsync(userName, ct);
                return userName;
            }
            catch (IamException e) when (e.Code == IamErrorCodes.NoSuchEntity)
            {
                return null;
            }
        }) is not null;
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Auth;

/// <summary>
/// Service URLs our outbound token may be sent to: those a validated Bot Framework caller named, plus
/// configured prefixes. Keeps a forged or stale conversation reference from collecting the bot's token.
/// </summary>
public sealed class TrustedServiceUrls
{
    private const int MaxRecorded = 1_000;
    private readonly ConcurrentDictionary<string, byte> _recorded = new(StringComparer.OrdinalIgnoreCase);
    private readonly string[] _prefixes;

    public TrustedServiceUrls(IOptions<BotFrameworkOptions> options)
    {
        _prefixes = [.. options.Value.TrustedServiceUrls.Select(p => Normalize(p) + "/")];
    }

    public void Trust(string serviceUrl)
    {
        // Real deployments see a handful of service URLs; the bound only guards memory.
        if (_recorded.Count < MaxRecorded) _recorded.TryAdd(Normalize(serviceUrl), 0);
    }

    public bool IsTrusted(string serviceUrl)
    {
        var url = Normalize(serviceUrl);
        return _recorded.ContainsKey(url)
            || _prefixes.Any(p => (url + "/").StartsWith(p, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Service URLs arrive with or without a trailing slash; both name the same connector.</summary>
    public static bool SameUrl(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Normalize(a), Normalize(b), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string url) => url.Trim().TrimEnd('/');
}

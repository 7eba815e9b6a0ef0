using System.Net;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Hosting;

/// <summary>
/// The Development demo without an AWS account: the IAM simulator is mounted on the bot's own server and the bot
/// reaches it over HTTP through the same SigV4 client it uses against real IAM. Refused outside Development.
/// </summary>
public static class EmbeddedIam
{
    public const string PathPrefix = "/_iam";
    public const string Setting = "IamSimulator:Embedded";

    /// <summary>The simulator's published key pair (appsettings.Development.json); refused outside Development.</summary>
    public const string DevelopmentAccessKeyId = "AKIAMFABOTDEVELOPER1";
    public const string DevelopmentSecretAccessKey = "mfabot-embedded-simulator-dev-secret-not-for-aws";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue(Setting, false);

    /// <summary>Unless Iam:ServiceUrl is set, points it at the first address the server listens on (Urls / --urls).</summary>
    public static void PointClientAtSelf(IConfigurationManager configuration)
    {
        if (!string.IsNullOrEmpty(configuration["Iam:ServiceUrl"])) return;
        var first = (configuration["Urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)[0];
        configuration["Iam:ServiceUrl"] = SelfUrl(BindingAddress.Parse(first));
    }

    /// <summary>
    /// Where this process can reach itself: a wildcard or a host name (Kestrel binds those to every interface) is
    /// reached on IPv4 loopback, the IPv6 wildcard on IPv6 loopback, a literal address as it is.
    /// </summary>
    public static string SelfUrl(BindingAddress address)
    {
        var host = address.Host.Trim('[', ']');
        var reach = IPAddress.TryParse(host, out var ip) switch
        {
            true when ip.Equals(IPAddress.IPv6Any) => IPAddress.IPv6Loopback,
            true when ip.Equals(IPAddress.Any) => IPAddress.Loopback,
            true => ip,
            false => IPAddress.Loopback,
        };
        return new UriBuilder(address.Scheme, reach.ToString(), address.Port, PathPrefix + "/").Uri.ToString();
    }
}

using System.Net;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Channels.BotFramework.Auth;

/// <summary>Without an app id there is no token to check, so only this machine may call (the Test Tool).</summary>
public static class LoopbackPolicy
{
    public static bool IsLoopbackCaller(ConnectionInfo connection)
    {
        var ip = connection.RemoteIpAddress;
        if (ip is null) return false;
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        return IPAddress.IsLoopback(ip);
    }

    /// <summary>An absolute http(s) URL whose host is this machine (localhost or a loopback address).</summary>
    public static bool IsLoopbackUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && BotFrameworkOptionsValidator.IsLoopback(uri);
}

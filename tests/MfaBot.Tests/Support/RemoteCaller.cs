using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Support;

/// <summary>
/// Makes every request to a test bot arrive, as far as the app can tell, from <paramref name="address"/>: tests bind
/// Kestrel to loopback, and this is how the bot sees a caller on another machine (the connection's own address).
/// </summary>
public sealed class RemoteCaller(IPAddress address) : IStartupFilter
{
    public static readonly IPAddress Documentation = IPAddress.Parse("203.0.113.7");

    public static void Register(IServiceCollection services) => services.AddSingleton<IStartupFilter>(new RemoteCaller(Documentation));

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, go) =>
        {
            context.Connection.RemoteIpAddress = address;
            return go();
        });
        next(app);
    };
}

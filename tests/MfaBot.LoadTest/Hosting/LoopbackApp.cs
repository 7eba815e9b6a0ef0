using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaBot.LoadTest.Hosting;

/// <summary>A small real server for a test peer or baseline (connector, OpenID metadata, IAM stub, echo bot): Kestrel on 127.0.0.1, a free port, quiet.</summary>
public static class LoopbackApp
{
    /// <param name="isolated">Ignore appsettings.json and environment variables (the bot's settings sit in the test output).</param>
    public static WebApplicationBuilder CreateBuilder(bool isolated = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (isolated)
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddInMemoryCollection();
        }
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder;
    }

    /// <summary>Starts the app and returns its base address without a trailing slash, e.g. http://127.0.0.1:41234.</summary>
    public static async Task<string> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return AddressOf(app);
    }

    /// <summary>The started app's base address without a trailing slash.</summary>
    public static string AddressOf(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/');
}

using MfaBot.Channels.BotFramework.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework;

public static class BotFrameworkEndpointRouteBuilderExtensions
{
    public const string DefaultPattern = "/api/messages";

    /// <summary>Maps the Bot Framework messaging endpoint (POST only).</summary>
    public static IEndpointConventionBuilder MapBotFramework(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        var services = endpoints.ServiceProvider;
        var handler = services.GetRequiredService<MessagesEndpoint>();
        if (!services.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.HasAppId)
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(BotFrameworkEndpointRouteBuilderExtensions))
                .LogWarning("BotFramework:MicrosoftAppId is empty: {Pattern} accepts loopback callers only, without a token", pattern);
        return endpoints.MapPost(pattern, async context => await (await handler.HandleAsync(context)).ExecuteAsync(context));
    }
}

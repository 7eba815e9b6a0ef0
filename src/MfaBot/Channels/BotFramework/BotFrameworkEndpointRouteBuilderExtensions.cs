using MfaBot.Channels.BotFramework.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Channels.BotFramework;

public static class BotFrameworkEndpointRouteBuilderExtensions
{
    public const string DefaultPattern = "/api/messages";

    /// <summary>Maps the Bot Framework messaging endpoint (POST only).</summary>
    public static IEndpointConventionBuilder MapBotFramework(this IEndpointRouteBuilder endpoints, string pattern = DefaultPattern)
    {
        var handler = endpoints.ServiceProvider.GetRequiredService<MessagesEndpoint>();
        return endpoints.MapPost(pattern, async context => await (await handler.HandleAsync(context)).ExecuteAsync(context));
    }
}

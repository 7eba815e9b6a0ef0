using MfaBot.Channels.Slack.Inbound;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.Slack;

public static class SlackEndpointRouteBuilderExtensions
{
    public const string EventsPath = "/api/slack/events";
    public const string InteractionsPath = "/api/slack/interactions";
    public const string CommandsPath = "/api/slack/commands";

    /// <summary>Maps the Slack request URLs when Slack is configured; otherwise they stay unmapped (404).</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value.IsEnabled) return endpoints;
        var slack = endpoints.ServiceProvider.GetRequiredService<SlackEndpoints>();
        endpoints.MapPost(EventsPath, async context => await (await slack.EventsAsync(context)).ExecuteAsync(context));
        endpoints.MapPost(InteractionsPath, async context => await (await slack.InteractionsAsync(context)).ExecuteAsync(context));
        endpoints.MapPost(CommandsPath, async context => await (await slack.CommandsAsync(context)).ExecuteAsync(context));
        return endpoints;
    }
}

using System.Text;
using MfaBot.Channels.Slack.Auth;
using MfaBot.Channels.Slack.Bridge;
using MfaBot.Channels.Slack.Inbound;
using MfaBot.Channels.Slack.Rendering;
using MfaBot.Channels.Slack.WebApi;
using MfaBot.Conversation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.Slack;

public static class SlackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Slack channel from the "Slack" section when Slack:SigningSecret and Slack:BotToken are both set;
    /// otherwise registers nothing but the (validated) options, and <see cref="SlackEndpointRouteBuilderExtensions.MapSlack"/> maps nothing.
    /// </summary>
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SlackOptions.Section);
        services.AddOptions<SlackOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>());
        if (!(section.Get<SlackOptions>() ?? new SlackOptions()).IsEnabled) return services;

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(SlackWebApi.HttpClientName, (sp, c) =>
        {
            c.Timeout = sp.GetRequiredService<IOptions<SlackOptions>>().Value.ApiTimeout;
            c.MaxResponseContentBufferSize = 4 * 1024 * 1024;
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler(() => new OutboundPacingHandler());
        services.AddSingleton<SlackWebApi>();
        services.AddSingleton<SlackMethods>();
        services.AddSingleton<SlackMessageRenderer>();
        services.AddSingleton<SlackMessageFiles>();
        services.AddSingleton<SlackChannelAdapter>();
        services.AddSingleton<IChannelAdapter>(sp => sp.GetRequiredService<SlackChannelAdapter>());
        services.AddSingleton<SlackTurnRunner>();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SlackOptions>>().Value;
            return new SlackSignature(Encoding.UTF8.GetBytes(o.SigningSecret), o.SignatureTolerance, sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<SlackDeduplicator>();
        services.AddSingleton<SlackWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackWorkQueue>());
        services.AddSingleton<SlackEndpoints>();
        return services;
    }
}

using MfaBot.Channels.BotFramework.Auth;
using MfaBot.Coordination;
using MfaBot.Channels.BotFramework.Connector;
using MfaBot.Channels.BotFramework.Inbound;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework;

public static class BotFrameworkServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Bot Framework channel from the "BotFramework" section of <paramref name="configuration"/>.
    /// The caller registers its own <see cref="IActivityHandler"/>.
    /// </summary>
    public static IServiceCollection AddBotFramework(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotFrameworkOptions>().Bind(configuration.GetSection(BotFrameworkOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotFrameworkOptions>, BotFrameworkOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddLogging();

        services.AddHttpClient(OpenIdMetadata.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(20));
        services.AddHttpClient(ConnectorClient.HttpClientName, (sp, c) =>
        {
            c.Timeout = sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.ConnectorTimeout;
            c.MaxResponseContentBufferSize = 1024 * 1024;
        }).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .AddHttpMessageHandler(() => new MfaBot.Conversation.OutboundPacingHandler());

        services.TryAddSingleton<TrustedServiceUrls>();
        services.TryAddSingleton<OpenIdMetadata>();
        services.TryAddSingleton<BotFrameworkTokenValidator>();
        services.TryAddSingleton<InboundAuthenticator>();
        // Without a shared store (AddCoordination) duplicates are caught within this process only.
        services.TryAddSingleton<IDuplicateGuard>(sp => new MemoryDuplicateGuard(
            sp.GetRequiredService<IOptions<BotFrameworkOptions>>().Value.DeduplicationCapacity, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ActivityDeduplicator>();
        services.TryAddSingleton<ConversationWorkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<ConversationWorkQueue>());
        services.TryAddSingleton<MessagesEndpoint>();

        services.TryAddSingleton<IBotTokenProvider, AzureIdentityBotTokenProvider>();
        services.TryAddSingleton<ConnectorRetryPolicy>();
        services.TryAddSingleton<IConnectorClient, ConnectorClient>();
        return services;
    }
}

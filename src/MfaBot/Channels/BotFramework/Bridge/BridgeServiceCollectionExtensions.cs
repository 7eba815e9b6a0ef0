using MfaBot.Conversation;
using MfaBot.Coordination;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Channels.BotFramework.Bridge;

public static class BridgeServiceCollectionExtensions
{
    /// <summary>Connects the Bot Framework channel to the conversation layer (turns in, cards out).</summary>
    public static IServiceCollection AddBotFrameworkBridge(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CardImageOptions>().Bind(configuration)
            .Validate(o => o.PublicBaseUrl is not { Length: > 0 } url || Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme == Uri.UriSchemeHttps,
                "PublicBaseUrl must be an absolute https:// URL (or empty to inline card images).")
            .Validate(o => o.ChartImageLifetime >= TimeSpan.FromMinutes(1) && o.ChartImageLifetime <= TimeSpan.FromDays(90),
                "ChartImageLifetime must be between 00:01:00 and 90.00:00:00.")
            .ValidateOnStart();
        services.AddSingleton<CardImageHost>();
        services.AddExpiringRecords(CardImageHost.ImagePrefix).AddExpiringRecords(CardImageHost.MessagePrefix);
        services.AddSingleton<AdaptiveCardRenderer>();
        services.AddHttpClient(BotFrameworkChannelAdapter.DownloadClientName, c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<BotFrameworkChannelAdapter>();
        services.AddSingleton<IChannelAdapter>(sp => sp.GetRequiredService<BotFrameworkChannelAdapter>());
        services.AddSingleton<IActivityHandler, BotFrameworkTurnHandler>();
        return services;
    }
}

using MfaBot.Operability;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Conversation;

public static class ConversationServiceCollectionExtensions
{
    /// <summary>The router, help and welcome; features add their own commands and card steps.</summary>
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddMfaBotMetrics();
        services.AddSingleton<Router>();
        services.AddSingleton<ChannelAdapters>();
        services.AddSingleton<HelpCommand>();
        services.AddSingleton<ICommand>(sp => sp.GetRequiredService<HelpCommand>());
        services.AddSingleton<ICardStep>(sp => sp.GetRequiredService<HelpCommand>());
        services.AddSingleton<ICardStep, WelcomeStep>();
        services.AddSingleton<FirstContact>();
        return services;
    }
}

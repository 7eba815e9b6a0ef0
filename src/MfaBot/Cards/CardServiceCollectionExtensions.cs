namespace MfaBot.Cards;

public static class CardServiceCollectionExtensions
{
    /// <summary>Registers <see cref="CardTemplates"/> (templates from the app's own <c>cards</c> folder) as a singleton.</summary>
    public static IServiceCollection AddCardTemplates(this IServiceCollection services)
    {
        services.AddSingleton(_ => new CardTemplates());
        return services;
    }
}

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>Bearer tokens for the Bot Connector; asked only when an app id is configured.</summary>
public interface IBotTokenProvider
{
    Task<string> GetTokenAsync(CancellationToken ct);
}

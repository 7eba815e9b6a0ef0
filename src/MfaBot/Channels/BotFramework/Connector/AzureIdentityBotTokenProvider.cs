using Azure.Core;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>
/// Tokens for scope https://api.botframework.com/.default from the Azure.Identity credential that matches
/// MicrosoftAppType. The credential caches tokens until shortly before they expire.
/// </summary>
internal sealed class AzureIdentityBotTokenProvider(IOptions<BotFrameworkOptions> options) : IBotTokenProvider
{
    private static readonly TokenRequestContext Request = new(["https://api.botframework.com/.default"]);
    private readonly Lazy<TokenCredential> _credential = new(() => BotCredentials.Create(options.Value));

    public async Task<string> GetTokenAsync(CancellationToken ct) =>
        (await _credential.Value.GetTokenAsync(Request, ct)).Token;
}

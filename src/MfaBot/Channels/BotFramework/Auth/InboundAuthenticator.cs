using MfaBot.Channels.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Auth;

/// <summary>A caller let past the first check; <see cref="ServiceUrl"/> is the token's claim, null for loopback.</summary>
internal sealed record InboundCaller(string? ServiceUrl);

/// <summary>
/// Decides whether an inbound call may be processed, in two steps: the token before the body is parsed,
/// then the token's serviceurl claim against the parsed activity.
/// </summary>
internal sealed class InboundAuthenticator(
    IOptions<BotFrameworkOptions> options,
    BotFrameworkTokenValidator validator,
    TrustedServiceUrls trusted,
    ILogger<InboundAuthenticator> logger)
{
    public async Task<InboundCaller?> AuthenticateAsync(HttpContext context)
    {
        if (!options.Value.HasAppId)
        {
            if (LoopbackPolicy.IsLoopbackCaller(context.Connection)) return new InboundCaller(null);
            logger.LogWarning("Bot Framework call refused: no app id configured and caller {Address} is not loopback",
                context.Connection.RemoteIpAddress);
            return null;
        }
        var check = await validator.ValidateAsync(context.Request.Headers.Authorization.FirstOrDefault(), context.RequestAborted);
        if (check.IsValid) return new InboundCaller(check.ServiceUrl);
        logger.LogWarning("Bot Framework call refused: {Reason}", check.FailureReason);
        return null;
    }

    public bool Admit(InboundCaller caller, Activity activity)
    {
        if (caller.ServiceUrl is null) return true;
        if (!TrustedServiceUrls.SameUrl(caller.ServiceUrl, activity.ServiceUrl))
        {
            logger.LogWarning("Bot Framework call refused: serviceurl claim does not match activity {ActivityId}", activity.Id);
            return false;
        }
        trusted.Trust(caller.ServiceUrl);
        return true;
    }
}

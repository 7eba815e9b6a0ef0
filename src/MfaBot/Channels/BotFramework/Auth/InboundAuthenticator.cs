using MfaBot.Channels.BotFramework.Schema;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Auth;

/// <summary>A caller let past the first check; <see cref="ServiceUrl"/> is the token's claim, null for an unauthenticated loopback caller.</summary>
internal sealed record InboundCaller(string? ServiceUrl);

/// <summary>
/// Decides whether an inbound call may be processed, in two steps: the token before the body is parsed,
/// then the token's serviceurl claim against the parsed activity. A service URL is trusted for the bot's outbound
/// token only here, after both steps passed.
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

    /// <returns>The status to refuse the call with (401, or 403 for a loopback caller naming a remote connector), or null to go on.</returns>
    public int? Admit(InboundCaller caller, Activity activity)
    {
        if (caller.ServiceUrl is null)
        {
            // Nothing vouches for an unauthenticated activity's serviceUrl: replies (QR codes, secret keys) may only
            // go to a connector on this machine, such as the Test Tool's. Without one there is nothing to send to.
            if (string.IsNullOrEmpty(activity.ServiceUrl) || LoopbackPolicy.IsLoopbackUrl(activity.ServiceUrl)) return null;
            logger.LogWarning("Bot Framework call refused: no app id configured and activity {ActivityId} names a serviceUrl that is not loopback", activity.Id);
            return StatusCodes.Status403Forbidden;
        }
        if (!TrustedServiceUrls.SameUrl(caller.ServiceUrl, activity.ServiceUrl))
        {
            logger.LogWarning("Bot Framework call refused: serviceurl claim does not match activity {ActivityId}", activity.Id);
            return StatusCodes.Status401Unauthorized;
        }
        trusted.Trust(caller.ServiceUrl);
        return null;
    }
}

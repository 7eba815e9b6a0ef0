using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MfaBot.Channels.BotFramework.Auth;

/// <summary>What a valid inbound token tells us, or why it was refused (for the log only).</summary>
internal sealed record TokenCheck(bool IsValid, string? ServiceUrl, string? FailureReason)
{
    public static TokenCheck Fail(string reason) => new(false, null, reason);
}

/// <summary>Validates the Bearer JWT the Bot Framework puts on each inbound call.</summary>
internal sealed class BotFrameworkTokenValidator(IOptions<BotFrameworkOptions> options, OpenIdMetadata metadata)
{
    public const string ServiceUrlClaim = "serviceurl";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private readonly JsonWebTokenHandler _handler = new();

    public async Task<TokenCheck> ValidateAsync(string? authorizationHeader, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return TokenCheck.Fail("no Bearer token");
        var token = authorizationHeader[scheme.Length..].Trim();
        if (token.Length == 0 || !_handler.CanReadToken(token)) return TokenCheck.Fail("token is not a JWT");

        TokenValidationResult result;
        try
        {
            result = await ValidateWithKeysAsync(token, ct);
            if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
            {
                metadata.RequestRefresh();
                result = await ValidateWithKeysAsync(token, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Metadata unreachable or unreadable: refuse, never let the caller in.
            return TokenCheck.Fail($"OpenID metadata unavailable ({ex.GetType().Name})");
        }

        if (!result.IsValid) return TokenCheck.Fail(result.Exception?.GetType().Name ?? "invalid token");
        var serviceUrl = result.Claims.TryGetValue(ServiceUrlClaim, out var claim) ? claim as string : null;
        return string.IsNullOrEmpty(serviceUrl)
            ? TokenCheck.Fail("token has no serviceurl claim")
            : new TokenCheck(true, serviceUrl, null);
    }

    private async Task<TokenValidationResult> ValidateWithKeysAsync(string token, CancellationToken ct)
    {
        var parameters = new TokenValidationParameters
        {
            ValidIssuers = metadata.ValidIssuers,
            ValidAudience = options.Value.MicrosoftAppId,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ClockSkew = ClockSkew,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            IssuerSigningKeys = await metadata.GetSigningKeysAsync(ct),
        };
        return await _handler.ValidateTokenAsync(token, parameters);
    }
}

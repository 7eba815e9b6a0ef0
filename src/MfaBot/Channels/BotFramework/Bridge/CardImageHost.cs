using MfaBot.Conversation;
using MfaBot.Secrets;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Bridge;

/// <summary>
/// Serves card images (QR codes, charts) under unguessable URLs when PublicBaseUrl is set, because Teams clients do not
/// reliably render data: URIs. An image stops being served after its lifetime or when its message is replaced.
/// Images are kept sealed in the state store, so any instance can serve them.
/// </summary>
public sealed class CardImageHost(IStateStore store, ISecretProtector protector, IOptions<CardImageOptions> options, TimeProvider clock)
{
    private const string Purpose = "MfaBot.CardImage";

    public sealed record Published(string Token, string Url, DateTimeOffset ExpiresAt);

    public sealed record StoredImage(string ProtectedPng, DateTimeOffset ExpiresAt);

    /// <summary>Which image a message shows, by its store key (never the token), until the image would expire anyway.</summary>
    public sealed record MessageImage(string? ImageKey, DateTimeOffset ExpiresAt);

    /// <returns>null when no public base URL is configured: the caller inlines the image.</returns>
    public async Task<Published?> PublishAsync(OutboundImage image, CancellationToken ct)
    {
        if (options.Value.PublicBaseUrl is not { Length: > 0 } baseUrl) return null;
        var token = BearerToken.New();
        var expires = clock.GetUtcNow() + (image.IsChart ? options.Value.ChartImageLifetime : options.Value.CardImageLifetime);
        await store.PutAsync(ImageKey(token), new StoredImage(protector.Protect(image.Png, Purpose), expires), null, ct);
        return new Published(token, $"{baseUrl.TrimEnd('/')}{CardImageEndpoints.PathPrefix}{token}.png", expires);
    }

    public async Task AttachAsync(Published image, string conversationId, string messageId, CancellationToken ct)
    {
        var key = MessageKey(conversationId, messageId);
        var existing = await store.GetAsync<MessageImage>(key, ct);
        await store.PutAsync(key, new MessageImage(ImageKey(image.Token), image.ExpiresAt), existing?.ETag, ct);
    }

    public async Task RevokeForMessageAsync(string conversationId, string messageId, CancellationToken ct)
    {
        if (options.Value.PublicBaseUrl is not { Length: > 0 }) return;
        var key = MessageKey(conversationId, messageId);
        if (await store.GetAsync<MessageImage>(key, ct) is not { } link) return;
        if (link.Value.ImageKey is { } imageKey) await DeleteQuietlyAsync(imageKey, ct);
        await DeleteQuietlyAsync(key, ct);
    }

    /// <summary>The PNG for a token, or null when unknown, expired or revoked.</summary>
    public async Task<byte[]?> FindAsync(string token, CancellationToken ct)
    {
        if (!BearerToken.IsWellFormed(token)) return null;
        if (await store.GetAsync<StoredImage>(ImageKey(token), ct) is not { } stored) return null;
        if (stored.Value.ExpiresAt <= clock.GetUtcNow())
        {
            await DeleteQuietlyAsync(ImageKey(token), ct);
            return null;
        }
        return protector.Unprotect(stored.Value.ProtectedPng, Purpose);
    }

    private async Task DeleteQuietlyAsync(string key, CancellationToken ct)
    {
        try
        {
            await store.DeleteAsync(key, null, ct);
        }
        catch (ConcurrencyConflictException)
        {
            // Already gone.
        }
    }

    public const string ImagePrefix = "card-image/";

    public const string MessagePrefix = "card-image-message/";

    private static string ImageKey(string token) => BearerToken.KeyFor(ImagePrefix, token);

    // Conversation ids can be long; a hash keeps the key short and reveals nothing.
    private static string MessageKey(string conversationId, string messageId) =>
        $"{MessagePrefix}{StateKey.Digest(conversationId + "\n" + messageId)}";
}

/// <summary>Top-level settings: PublicBaseUrl (https://bot.example.com), CardImageLifetime and ChartImageLifetime.</summary>
public sealed class CardImageOptions
{
    public string? PublicBaseUrl { get; set; }

    public TimeSpan CardImageLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a chart on a card (coverage, campaign progress) is served; a replaced card's chart stops at once.</summary>
    public TimeSpan ChartImageLifetime { get; set; } = TimeSpan.FromDays(7);
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MfaBot.Channels.BotFramework.Auth;
using MfaBot.Channels.BotFramework.Schema;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Connector;

/// <summary>Bot Connector REST calls over a named HttpClient; see <see cref="IConnectorClient"/>.</summary>
internal sealed class ConnectorClient(
    IHttpClientFactory httpClients,
    IOptions<BotFrameworkOptions> options,
    IBotTokenProvider tokens,
    TrustedServiceUrls trusted,
    ConnectorRetryPolicy retry,
    ILogger<ConnectorClient> logger) : IConnectorClient
{
    public const string HttpClientName = "MfaBot.BotFramework.Connector";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    public async Task<ResourceResponse> ReplyToActivityAsync(string serviceUrl, string conversationId, string replyToId, Activity activity, CancellationToken ct) =>
        await SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, $"{Activities(conversationId)}/{E(replyToId)}", activity, "reply", ct);

    public async Task<ResourceResponse> SendToConversationAsync(string serviceUrl, string conversationId, Activity activity, CancellationToken ct) =>
        await SendAsync<ResourceResponse>(HttpMethod.Post, serviceUrl, Activities(conversationId), activity, "send", ct);

    public async Task<ResourceResponse> UpdateActivityAsync(string serviceUrl, string conversationId, string activityId, Activity activity, CancellationToken ct) =>
        await SendAsync<ResourceResponse>(HttpMethod.Put, serviceUrl, $"{Activities(conversationId)}/{E(activityId)}", activity, "update", ct);

    public async Task DeleteActivityAsync(string serviceUrl, string conversationId, string activityId, CancellationToken ct) =>
        await SendAsync<ResourceResponse>(HttpMethod.Delete, serviceUrl, $"{Activities(conversationId)}/{E(activityId)}", null, "delete", ct);

    public async Task<TeamsChannelAccount> GetConversationMemberAsync(string serviceUrl, string conversationId, string userId, CancellationToken ct) =>
        await SendAsync<TeamsChannelAccount>(HttpMethod.Get, serviceUrl, $"v3/conversations/{E(conversationId)}/members/{E(userId)}", null, "get member", ct);

    public async Task<ConversationResourceResponse> CreateConversationAsync(string serviceUrl, ConversationParameters parameters, CancellationToken ct) =>
        await SendAsync<ConversationResourceResponse>(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, "create conversation", ct);

    public async Task<PagedMembersResult> GetConversationPagedMembersAsync(string serviceUrl, string conversationId, string? continuationToken, CancellationToken ct) =>
        await SendAsync<PagedMembersResult>(HttpMethod.Get, serviceUrl,
            $"v3/conversations/{E(conversationId)}/pagedmembers?pageSize=500" + (continuationToken is null ? "" : "&continuationToken=" + E(continuationToken)),
            null, "get members", ct);

    private static string Activities(string conversationId) => $"v3/conversations/{E(conversationId)}/activities";

    private static string E(string id) => Uri.EscapeDataString(id);

    private async Task<T> SendAsync<T>(HttpMethod method, string serviceUrl, string path, object? body, string operation, CancellationToken ct)
        where T : new()
    {
        var uri = BuildUri(serviceUrl, path);
        var token = await TokenForAsync(serviceUrl, operation, ct);
        var payload = body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), BotFrameworkJson.Options);
        var client = httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, uri);
            if (payload is not null) request.Content = new ByteArrayContent(payload) { Headers = { ContentType = Json } };
            if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await SendOnceAsync(client, request, operation, ct);
            if (response.IsSuccessStatusCode) return await ReadAsync<T>(response, operation, ct);

            var retryAfter = retry.RetryAfter(response);
            var code = await ReadErrorCodeAsync(response, ct);
            var delay = retry.NextDelay(response.StatusCode, attempt, retryAfter);
            if (delay is null) throw new ConnectorException(Classify(response.StatusCode, code), response.StatusCode, code, retryAfter, operation);
            if (logger.IsEnabled(LogLevel.Information))
                logger.LogInformation("Bot Connector {Operation} got {Status}; retry {Attempt} in {Delay}", operation, (int)response.StatusCode, attempt, delay);
            await retry.WaitAsync(delay.Value, ct);
        }
    }

    private static Uri BuildUri(string serviceUrl, string path)
    {
        if (!Uri.TryCreate(serviceUrl.TrimEnd('/') + "/", UriKind.Absolute, out var baseUri) ||
            (baseUri.Scheme != Uri.UriSchemeHttps && baseUri.Scheme != Uri.UriSchemeHttp))
            throw new ArgumentException("serviceUrl must be an absolute http(s) URL.", nameof(serviceUrl));
        return new Uri(baseUri.AbsoluteUri + path);
    }

    private async Task<string?> TokenForAsync(string serviceUrl, string operation, CancellationToken ct)
    {
        // Without an app id no token goes out, but the message itself would: then only to this machine.
        var hasAppId = options.Value.HasAppId;
        if (!(hasAppId ? trusted.IsTrusted(serviceUrl) : LoopbackPolicy.IsLoopbackUrl(serviceUrl)))
            throw new ConnectorException(ConnectorErrorKind.UntrustedServiceUrl, null, null, null, operation);
        if (!hasAppId) return null;
        try
        {
            return await tokens.GetTokenAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new ConnectorException(ConnectorErrorKind.Unauthorized, null, "TokenUnavailable", null, operation, ex);
        }
    }

    private static async Task<HttpResponseMessage> SendOnceAsync(HttpClient client, HttpRequestMessage request, string operation, CancellationToken ct)
    {
        try
        {
            return await client.SendAsync(request, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
        {
            // Not retried: the connector may have accepted a message before the connection broke.
            throw new ConnectorException(ConnectorErrorKind.Unreachable, null, null, null, operation, ex);
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, string operation, CancellationToken ct) where T : new()
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        if (bytes.Length == 0) return new T();
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, BotFrameworkJson.Options) ?? new T();
        }
        catch (JsonException ex)
        {
            throw new ConnectorException(ConnectorErrorKind.Failed, response.StatusCode, "UnreadableResponse", null, operation, ex);
        }
    }

    /// <summary>The connector's error body is {"error":{"code":…,"message":…}}; only the code is kept.</summary>
    private static async Task<string?> ReadErrorCodeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            using var doc = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(ct));
            return doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object
                && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ConnectorErrorKind Classify(HttpStatusCode status, string? code) => status switch
    {
        HttpStatusCode.Forbidden when code == "MessageWritesBlocked" => ConnectorErrorKind.BotBlocked,
        _ when ConnectorRetryPolicy.IsTransient(status) => ConnectorErrorKind.Throttled,
        HttpStatusCode.NotFound => ConnectorErrorKind.NotFound,
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ConnectorErrorKind.Unauthorized,
        _ => ConnectorErrorKind.Failed,
    };
}

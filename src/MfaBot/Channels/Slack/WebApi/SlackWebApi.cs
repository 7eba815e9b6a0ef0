using System.Net;
using MfaBot.Channels.Inbound;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.Slack.WebApi;

/// <summary>
/// Calls Slack Web API methods with the bot token: JSON or form bodies as each method accepts, 429 answered by
/// waiting Retry-After (bounded), and {"ok": false}, HTTP errors and lost connections turned into
/// <see cref="SlackApiException"/> (a <see cref="Conversation.ChannelDeliveryException"/>).
/// Arguments and replies are never logged: messages can carry a setup key.
/// </summary>
public sealed partial class SlackWebApi(IHttpClientFactory clients, IOptions<SlackOptions> options, TimeProvider clock, ILogger<SlackWebApi> logger)
{
    public const string HttpClientName = "MfaBot.Slack.WebApi";

    /// <summary>A method that takes a JSON body (chat.*, views.*, conversations.open, files.completeUploadExternal).</summary>
    public Task<JsonObject> CallJsonAsync(string method, JsonObject args, CancellationToken ct) =>
        SendAsync(method, () => new StringContent(args.ToJsonString(), System.Text.Encoding.UTF8, "application/json"), ct);

    /// <summary>A method that takes form arguments (users.*, conversations.members, files.getUploadURLExternal, files.delete).</summary>
    public Task<JsonObject> CallFormAsync(string method, IEnumerable<KeyValuePair<string, string>> args, CancellationToken ct)
    {
        var pairs = args.ToList();
        return SendAsync(method, () => new FormUrlEncodedContent(pairs), ct);
    }

    /// <summary>Sends file bytes to an upload URL that files.getUploadURLExternal handed out (no token: the URL is pre-authorized).</summary>
    public async Task UploadAsync(Uri uploadUrl, byte[] bytes, string fileName, CancellationToken ct)
    {
        CheckSlackHost(uploadUrl);
        using var response = await SendWithRetryAsync("upload", () =>
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            // Multipart with the file in the "filename" field, as Slack's upload instructions show.
            return new HttpRequestMessage(HttpMethod.Post, uploadUrl) { Content = new MultipartFormDataContent { { file, "filename", fileName } } };
        }, ct);
        if (!response.IsSuccessStatusCode) throw new SlackApiException("upload", "upload_failed", (int)response.StatusCode);
    }

    /// <summary>Downloads a file a person shared (url_private_download), with the bot token, refusing more than maxBytes.</summary>
    public async Task<byte[]> DownloadAsync(Uri url, long maxBytes, CancellationToken ct)
    {
        CheckSlackHost(url);
        using var response = await SendWithRetryAsync("download", () => Authorized(new HttpRequestMessage(HttpMethod.Get, url)), ct, HttpCompletionOption.ResponseHeadersRead);
        if (!response.IsSuccessStatusCode) throw new SlackApiException("download", "download_failed", (int)response.StatusCode);
        return await BoundedContent.ReadAsync(response.Content, maxBytes, ct);
    }

    private async Task<JsonObject> SendAsync(string method, Func<HttpContent> content, CancellationToken ct)
    {
        var url = new Uri(BaseUrl, method);
        using var response = await SendWithRetryAsync(method, () => Authorized(new HttpRequestMessage(HttpMethod.Post, url) { Content = content() }), ct);
        JsonObject? body = null;
        try
        {
            body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)) as JsonObject;
        }
        catch (JsonException)
        {
            // Reported below as an unreadable reply.
        }
        if (!response.IsSuccessStatusCode || body is null)
        {
            var error = body?["error"].StringOrNull() ?? "invalid_response";
            throw new SlackApiException(method, error, (int)response.StatusCode, RetryAfterOf(response));
        }
        if (body["ok"]?.GetValueKind() != JsonValueKind.True)
        {
            var error = body["error"].StringOrNull() ?? "unknown_error";
            LogRefused(logger, method, error);
            throw new SlackApiException(method, error);
        }
        return body;
    }

    /// <summary>Slack answers 429 with Retry-After in seconds; wait that long (capped) and try again, a few times.</summary>
    private async Task<HttpResponseMessage> SendWithRetryAsync(string method, Func<HttpRequestMessage> request, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var o = options.Value;
        var http = clients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            using var message = request();
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, completion, ct);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested))
            {
                // Not retried here: Slack may have acted on the request before the connection broke.
                throw new SlackApiException(method, SlackApiException.Unreachable, 0, null, e);
            }
            if (response.StatusCode != HttpStatusCode.TooManyRequests || attempt >= o.ApiMaxAttempts) return response;
            var wait = RetryAfterOf(response) ?? TimeSpan.FromSeconds(1);
            if (wait > o.ApiMaxRetryDelay) wait = o.ApiMaxRetryDelay;
            response.Dispose();
            LogRateLimited(logger, method, wait.TotalSeconds, attempt);
            await Task.Delay(wait, clock, ct);
        }
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter is { } after
        ? after.Delta ?? (after.Date is { } date ? date - DateTimeOffset.UtcNow : null)
        : null;

    private HttpRequestMessage Authorized(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.BotToken);
        return request;
    }

    private Uri BaseUrl => new(options.Value.ApiBaseUrl.EndsWith('/') ? options.Value.ApiBaseUrl : options.Value.ApiBaseUrl + "/");

    /// <summary>Upload and download URLs come from Slack; still, the token and secrets go only to Slack's hosts.</summary>
    private void CheckSlackHost(Uri url)
    {
        var sameAsApi = string.Equals(url.Authority, BaseUrl.Authority, StringComparison.OrdinalIgnoreCase) && url.Scheme == BaseUrl.Scheme;
        var slackHttps = url.Scheme == Uri.UriSchemeHttps && (url.Host.Equals("slack.com", StringComparison.OrdinalIgnoreCase)
            || url.Host.EndsWith(".slack.com", StringComparison.OrdinalIgnoreCase));
        if (!url.IsAbsoluteUri || !(sameAsApi || slackHttps))
            throw new InvalidDataException("The file address is not a Slack address.");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack {Method} refused: {Error}")]
    private static partial void LogRefused(ILogger logger, string method, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack {Method} rate limited; retrying in {Seconds} s (attempt {Attempt})")]
    private static partial void LogRateLimited(ILogger logger, string method, double seconds, int attempt);
}

using System.Text.Json;
using MfaBot.Channels.BotFramework.Auth;
using MfaBot.Channels.BotFramework.Schema;
using MfaBot.Channels.Inbound;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.BotFramework.Inbound;

/// <summary>
/// POST /api/messages: size limit, authentication, parsing, de-duplication, then an invoke is answered
/// inline and everything else is acknowledged with 202 and handled on the conversation's queue.
/// </summary>
internal sealed class MessagesEndpoint(
    IOptions<BotFrameworkOptions> options,
    InboundAuthenticator authenticator,
    ActivityDeduplicator deduplicator,
    ConversationWorkQueue queue,
    IServiceScopeFactory scopes,
    ILogger<MessagesEndpoint> logger)
{
    private const string RetryAfterSeconds = "5";

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        var body = await BoundedBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null) return Results.Text("activity too large", statusCode: StatusCodes.Status413PayloadTooLarge);

        var caller = await authenticator.AuthenticateAsync(context);
        if (caller is null) return Unauthorized(context);

        var (activity, problem) = Parse(body);
        if (activity is null) return Results.Text(problem, statusCode: StatusCodes.Status400BadRequest);
        if (authenticator.Admit(caller, activity) is { } refused)
            return refused == StatusCodes.Status401Unauthorized ? Unauthorized(context) : Results.Text("forbidden", statusCode: refused);

        var dedupKey = activity.Id is { Length: > 0 } id ? deduplicator.Key(activity.ChannelId, activity.Conversation?.Id, id) : null;
        var check = dedupKey is null ? DeliveryCheck.First : await deduplicator.CheckAsync(dedupKey, context.RequestAborted);
        if (check == DeliveryCheck.Unavailable) return ServiceUnavailable(context);
        if (check == DeliveryCheck.Duplicate)
        {
            if (logger.IsEnabled(LogLevel.Information)) logger.LogInformation("Duplicate activity {ActivityId} ignored", activity.Id);
            return Results.Ok();
        }

        if (activity.Type == ActivityTypes.Invoke) return await InvokeAsync(activity, dedupKey, context.RequestAborted);

        var lane = string.Join('\n', activity.ChannelId ?? "", activity.Conversation?.Id ?? "");
        if (queue.TryEnqueue(lane, ct => HandleQueuedAsync(activity, ct))) return Results.StatusCode(StatusCodes.Status202Accepted);

        if (dedupKey is not null) await deduplicator.ForgetAsync(dedupKey);
        logger.LogWarning("Work queue full or stopping; activity {ActivityId} refused with 503", activity.Id);
        return ServiceUnavailable(context);
    }

    private static IResult ServiceUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }

    private static (Activity? Activity, string Problem) Parse(byte[] body)
    {
        try
        {
            if (!JsonStrings.AreReadable(body)) return (null, "activity JSON has a string that is not well-formed text");
            var activity = JsonSerializer.Deserialize<Activity>(body, BotFrameworkJson.Options);
            if (activity is null) return (null, "activity must be a JSON object");
            if (string.IsNullOrWhiteSpace(activity.Type)) return (null, "activity type is required");
            return ActivityShape.Problem(activity) is { } problem ? (null, problem) : (activity, "");
        }
        catch (JsonException)
        {
            return (null, "malformed activity JSON");
        }
    }

    private async Task<IResult> InvokeAsync(Activity activity, string? dedupKey, CancellationToken ct)
    {
        InvokeResponse? response;
        try
        {
            response = await RunHandlerAsync(activity, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // A retry of a failed invoke should be tried again, not swallowed as a duplicate.
            if (dedupKey is not null) await deduplicator.ForgetAsync(dedupKey);
            logger.LogError(ex, "Handler failed on invoke {ActivityId} ({Name})", activity.Id, activity.Name);
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }
        if (response is null) return Results.StatusCode(StatusCodes.Status501NotImplemented);
        return response.Body is null
            ? Results.StatusCode(response.Status)
            : Results.Json(response.Body, BotFrameworkJson.Options, statusCode: response.Status);
    }

    private async Task HandleQueuedAsync(Activity activity, CancellationToken ct)
    {
        try
        {
            await RunHandlerAsync(activity, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogError(ex, "Handler failed on {Type} activity {ActivityId}", activity.Type, activity.Id);
        }
    }

    private async Task<InvokeResponse?> RunHandlerAsync(Activity activity, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IActivityHandler>().OnActivityAsync(activity, ct);
    }

    private static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Text("unauthorized", statusCode: StatusCodes.Status401Unauthorized);
    }
}

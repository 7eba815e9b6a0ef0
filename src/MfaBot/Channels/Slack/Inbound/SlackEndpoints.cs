using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MfaBot.Channels.Inbound;
using MfaBot.Channels.Slack.Auth;
using MfaBot.Channels.Slack.Bridge;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Channels.Slack.Inbound;

/// <summary>
/// The three Slack request URLs. Each reads the raw body (size-limited), verifies its signature before parsing
/// anything, recognises retried deliveries, queues the work and answers at once (Slack waits 3 seconds at most).
/// </summary>
internal sealed partial class SlackEndpoints(
    IOptions<SlackOptions> options, SlackSignature signature, SlackDeduplicator deduplicator, SlackWorkQueue queue,
    SlackTurnRunner runner, ILogger<SlackEndpoints> logger)
{
    private const string RetryAfterSeconds = "5";

    public Task<IResult> EventsAsync(HttpContext context) => HandleAsync(context, body =>
    {
        if (JsonNode.Parse(body, documentOptions: SlackTurnReader.JsonOptions) is not JsonObject envelope) return Parsed.Bad;
        if (SlackTurnReader.Str(envelope, "type") != "url_verification") return new Parsed(SlackTurnReader.ReadEvent(envelope), Results.Ok());
        return SlackTurnReader.Str(envelope, "challenge") is { } challenge ? new Parsed(null, Results.Json(new JsonObject { ["challenge"] = challenge })) : Parsed.Bad;
    });

    public Task<IResult> InteractionsAsync(HttpContext context) => HandleAsync(context, body =>
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        if (!form.TryGetValue("payload", out var payload) || payload.Count != 1
            || JsonNode.Parse(payload[0]!, documentOptions: SlackTurnReader.JsonOptions) is not JsonObject json)
            return Parsed.Bad;
        // An empty 200 closes a submitted modal; the answer arrives as a message in the conversation.
        return new Parsed(SlackTurnReader.ReadInteraction(json), Results.Ok());
    });

    public Task<IResult> CommandsAsync(HttpContext context) => HandleAsync(context, body =>
    {
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        var work = SlackTurnReader.ReadCommand(form);
        var where = form.TryGetValue("channel_id", out var c) ? c.ToString() : "";
        // A command typed anywhere but the bot's DM is answered there; the person is told where to look (only they see this).
        return new Parsed(work, work is null || SlackTurnReader.IsDirect(where)
            ? Results.Ok()
            : Results.Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = "I'll answer in our direct messages." }));
    });

    private sealed record Parsed(SlackWork? Work, IResult Answer)
    {
        public static readonly Parsed Bad = BadBecause("malformed request");

        public static Parsed BadBecause(string problem) => new(null, Results.Text(problem, statusCode: StatusCodes.Status400BadRequest));
    }

    private async Task<IResult> HandleAsync(HttpContext context, Func<byte[], Parsed> parse)
    {
        var body = await BoundedBody.ReadAsync(context.Request, options.Value.MaxRequestBodyBytes, context.RequestAborted);
        if (body is null) return Results.Text("request too large", statusCode: StatusCodes.Status413PayloadTooLarge);
        var headers = context.Request.Headers;
        if (!signature.IsValid(headers[SlackSignature.TimestampHeader], headers[SlackSignature.SignatureHeader], body))
        {
            LogBadSignature(logger, context.Request.Path);
            return Results.Text("invalid signature", statusCode: StatusCodes.Status401Unauthorized);
        }

        Parsed parsed;
        try
        {
            parsed = parse(body);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // System.Text.Json reports a string with a lone surrogate (\ud800) only when it is read, as InvalidOperationException.
            parsed = Parsed.Bad;
        }
        if (parsed.Work is { } read && SlackShape.Problem(read) is { } problem) parsed = Parsed.BadBecause(problem);
        if (parsed.Work is not { } work) return parsed.Answer;

        var key = deduplicator.Key(work.User.TenantId, work.DeliveryId);
        switch (await deduplicator.CheckAsync(key, context.RequestAborted))
        {
            case DeliveryCheck.Duplicate:
                LogDuplicate(logger, work.DeliveryId, headers["X-Slack-Retry-Num"]);
                return parsed.Answer;
            case DeliveryCheck.Unavailable:
                return ServiceUnavailable(context);
        }
        if (queue.TryEnqueue(work.Lane, ct => runner.RunAsync(work, ct))) return parsed.Answer;

        await deduplicator.ForgetAsync(key);
        LogQueueFull(logger, work.DeliveryId);
        return ServiceUnavailable(context);
    }

    private static IResult ServiceUnavailable(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack request to {Path} refused: missing, stale or wrong signature")]
    private static partial void LogBadSignature(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Duplicate Slack delivery {DeliveryId} ignored (retry {RetryNum})")]
    private static partial void LogDuplicate(ILogger logger, string deliveryId, Microsoft.Extensions.Primitives.StringValues retryNum);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slack work queue full or stopping; delivery {DeliveryId} refused with 503")]
    private static partial void LogQueueFull(ILogger logger, string deliveryId);
}

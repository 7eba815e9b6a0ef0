using MfaBot.Tests.Support;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MfaBot.Tests.BotFramework;

public sealed record RecordedCall(string Method, string RawTarget, string? Authorization, string Body, DateTimeOffset At);

public sealed record ScriptedReply(int Status, string Body = "", string? RetryAfter = null);

/// <summary>A Bot Connector stand-in on loopback under "/_connector": records calls, answers from a script, else 200.</summary>
public sealed class RecordingConnectorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentQueue<ScriptedReply> _script = new();

    private RecordingConnectorServer(WebApplication app) => _app = app;

    /// <summary>Like the Test Tool's: no trailing slash.</summary>
    public string ServiceUrl { get; private set; } = "";

    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    public void Script(params ScriptedReply[] replies)
    {
        foreach (var r in replies) _script.Enqueue(r);
    }

    public static async Task<RecordingConnectorServer> StartAsync()
    {
        var builder = LoopbackApp.CreateBuilder();
        var app = builder.Build();
        var server = new RecordingConnectorServer(app);
        app.Run(server.AnswerAsync);
        var address = await LoopbackApp.StartAsync(app);
        server.ServiceUrl = address.TrimEnd('/') + "/_connector";
        return server;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        // Stamped on arrival, before the body is read: what a platform's rate limiter would count.
        var at = DateTimeOffset.UtcNow;
        using var reader = new StreamReader(context.Request.Body);
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        _calls.Enqueue(new RecordedCall(context.Request.Method, raw, context.Request.Headers.Authorization.FirstOrDefault(),
            await reader.ReadToEndAsync(), at));
        var reply = _script.TryDequeue(out var scripted) ? scripted : Default(context.Request.Method, raw);
        context.Response.StatusCode = reply.Status;
        if (reply.RetryAfter is not null) context.Response.Headers.RetryAfter = reply.RetryAfter;
        if (reply.Body.Length == 0) return;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(reply.Body);
    }

    private ScriptedReply Default(string method, string raw) => method switch
    {
        "GET" => new(200, """{"id":"29:member","name":"Alex Wilber","aadObjectId":"aad-1","email":"alexw@example.com","userPrincipalName":"alexw@example.com","tenantId":"t-1","userRole":"user"}"""),
        "DELETE" => new(200),
        _ when raw.EndsWith("/v3/conversations", StringComparison.Ordinal) => new(201, """{"id":"a:new-conversation","activityId":"act-0"}"""),
        _ => new(200, $$"""{"id":"generated-{{_calls.Count}}"}"""),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

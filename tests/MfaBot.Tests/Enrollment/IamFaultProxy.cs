using System.Collections.Concurrent;
using MfaBot.Tests.Iam;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace MfaBot.Tests.Enrollment;

/// <summary>What the proxy does with a request for an action it was told to fail.</summary>
public enum IamFault
{
    /// <summary>IAM fails before acting: HTTP 500 ServiceFailure, nothing forwarded.</summary>
    Refuse,

    /// <summary>IAM acts, then its reply is replaced by HTTP 500 ServiceFailure.</summary>
    LoseReply,

    /// <summary>IAM acts, then the connection drops before any reply.</summary>
    DropConnection,
}

/// <summary>
/// A loopback HTTP proxy between the bot and its IAM endpoint that fails chosen Query API actions. Requests keep
/// their Host header, so the SigV4 signature the bot made for the proxy's address still verifies at the simulator.
/// </summary>
public sealed class IamFaultProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });
    private readonly ConcurrentDictionary<string, (IamFault Fault, int Left)> _faults = new();
    private readonly ConcurrentQueue<string> _actions = new();

    private IamFaultProxy(WebApplication app) => _app = app;

    /// <summary>The proxy's IAM endpoint, for Iam:ServiceUrl.</summary>
    public string Endpoint { get; private set; } = null!;

    /// <summary>The bot's base URL (its embedded simulator's address): known only once the bot runs.</summary>
    public string? Target { get; set; }

    /// <summary>Actions received, in order.</summary>
    public IReadOnlyList<string> Actions => [.. _actions];

    public static async Task<IamFaultProxy> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder(isolated: true).Build();
        var proxy = new IamFaultProxy(app);
        app.Run(proxy.HandleAsync);
        proxy.Endpoint = await LoopbackApp.StartAsync(app) + "/_iam/";
        return proxy;
    }

    /// <summary>Fails the next <paramref name="times"/> requests for <paramref name="action"/>.</summary>
    public void Fail(string action, IamFault fault, int times = int.MaxValue) => _faults[action] = (fault, times);

    public void Heal() => _faults.Clear();

    private async Task HandleAsync(HttpContext context)
    {
        var body = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var action = QueryHelpers.ParseQuery(body).TryGetValue("Action", out var a) ? a.ToString() : "";
        _actions.Enqueue(action);
        var fault = TakeFault(action);
        if (fault == IamFault.Refuse || Target is null)
        {
            await StubIamServer.Error(context, 500, "ServiceFailure", "injected by the test proxy");
            return;
        }
        using var forwarded = await ForwardAsync(context, body);
        if (fault == IamFault.DropConnection)
        {
            context.Abort();
            return;
        }
        if (fault == IamFault.LoseReply)
        {
            await StubIamServer.Error(context, 500, "ServiceFailure", "injected by the test proxy");
            return;
        }
        context.Response.StatusCode = (int)forwarded.StatusCode;
        context.Response.ContentType = forwarded.Content.Headers.ContentType?.ToString();
        foreach (var (name, values) in forwarded.Headers) context.Response.Headers[name] = values.ToArray();
        context.Response.Headers.Remove("Transfer-Encoding");
        await context.Response.Body.WriteAsync(await forwarded.Content.ReadAsByteArrayAsync(context.RequestAborted), context.RequestAborted);
    }

    private IamFault? TakeFault(string action)
    {
        while (_faults.TryGetValue(action, out var entry))
        {
            var next = entry.Left == int.MaxValue ? entry : entry with { Left = entry.Left - 1 };
            if (next.Left <= 0 ? _faults.TryRemove(KeyValuePair.Create(action, entry)) : _faults.TryUpdate(action, next, entry)) return entry.Fault;
        }
        return null;
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpContext context, string body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), Target!.TrimEnd('/') + context.Request.Path + context.Request.QueryString)
        {
            Content = new StringContent(body),
        };
        request.Content.Headers.Clear();
        foreach (var (name, values) in context.Request.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray())) request.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        return await _http.SendAsync(request, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}

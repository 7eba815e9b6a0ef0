using MfaBot.Tests.Support;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Iam;

/// <summary>A scripted IAM endpoint on loopback: answers the n-th request (1-based) as the test says and records each one.</summary>
public sealed class StubIamServer : IAsyncDisposable
{
    public sealed record Received(string? Authorization, string? AmzDate, string? ContentType, string Body);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _requests = new();

    private StubIamServer(WebApplication app) => _app = app;

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<Received> Requests => [.. _requests];

    public static async Task<StubIamServer> StartAsync(Func<HttpContext, int, Task> answer)
    {
        var builder = LoopbackApp.CreateBuilder();
        var app = builder.Build();
        var stub = new StubIamServer(app);
        var count = 0;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var h = context.Request.Headers;
            stub._requests.Enqueue(new Received(h.Authorization, h["X-Amz-Date"], h.ContentType, await reader.ReadToEndAsync()));
            await answer(context, Interlocked.Increment(ref count));
        });
        var address = await LoopbackApp.StartAsync(app);
        stub.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return stub;
    }

    public static Task Error(HttpContext context, int status, string code, string message = "stubbed")
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml";
        return context.Response.WriteAsync(
            $"""<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>{code}</Code><Message>{message}</Message></Error><RequestId>req-{code}</RequestId></ErrorResponse>""");
    }

    /// <summary>A GetUser reply for "stub-user".</summary>
    public static Task User(HttpContext context) =>
        context.Response.WriteAsync(
            """<GetUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetUserResult><User><Path>/</Path><UserName>stub-user</UserName><UserId>AIDASTUB</UserId><Arn>arn:aws:iam::123456789012:user/stub-user</Arn><CreateDate>2024-05-01T12:00:00Z</CreateDate></User></GetUserResult><ResponseMetadata><RequestId>req-ok</RequestId></ResponseMetadata></GetUserResponse>""");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

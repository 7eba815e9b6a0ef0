using MfaBot.Tests.Support;
using MfaBot.Channels.BotFramework;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.BotFramework;

/// <summary>A minimal app hosting MapBotFramework on a real loopback Kestrel port, with a recording handler.</summary>
public sealed class BotHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BotHost(WebApplication app, Uri baseUri, RecordingActivityHandler handler, RecordingLoggerProvider logs)
    {
        _app = app;
        BaseUri = baseUri;
        Handler = handler;
        Logs = logs;
        Client = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }
    public RecordingActivityHandler Handler { get; }
    public RecordingLoggerProvider Logs { get; }
    public HttpClient Client { get; }
    public IServiceProvider Services => _app.Services;

    public static async Task<BotHost> StartAsync(IDictionary<string, string?>? settings = null, RecordingActivityHandler? handler = null)
    {
        handler ??= new RecordingActivityHandler();
        var logs = new RecordingLoggerProvider();
        var builder = LoopbackApp.CreateBuilder();
        builder.Logging.AddProvider(logs);
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Services.AddBotFramework(builder.Configuration);
        builder.Services.AddSingleton<IActivityHandler>(handler);
        var app = builder.Build();
        app.MapBotFramework();
        var address = await LoopbackApp.StartAsync(app);
        return new BotHost(app, new Uri(address + "/"), handler, logs);
    }

    public Task<HttpResponseMessage> PostAsync(string json, string? bearer = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages")
        {
            Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json"),
        };
        if (bearer is not null) request.Headers.Authorization = new("Bearer", bearer);
        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// The floor: the least a Bot Framework bot can do per turn on Kestrel — read the activity, answer 202, POST one
/// reply to the connector. Served by this process on its own port, through the same channel harness as the bot.
/// </summary>
public sealed class EchoTarget : ITarget
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = Channel.ChannelClient.NewHttp();

    private EchoTarget(WebApplication app) => _app = app;

    public string Name => "echo floor";

    public string MessagesUrl { get; private set; } = "";

    public TimeSpan? ReadyAfter => null;

    public ProcessMemory? Memory() => null;

    public static async Task<EchoTarget> StartAsync()
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var target = new EchoTarget(app);
        app.MapPost("/api/messages", (JsonObject activity) =>
        {
            _ = target.ReplyAsync(activity);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        target.MessagesUrl = await LoopbackApp.StartAsync(app) + "/api/messages";
        return target;
    }

    private async Task ReplyAsync(JsonObject activity)
    {
        var conversation = activity["conversation"]?["id"]?.GetValue<string>() ?? "";
        var id = activity["id"]?.GetValue<string>() ?? "";
        var reply = new JsonObject
        {
            ["type"] = "message",
            ["text"] = "Echo: " + activity["text"]?.GetValue<string>(),
            ["replyToId"] = id,
            ["from"] = activity["recipient"]?.DeepClone(),
            ["recipient"] = activity["from"]?.DeepClone(),
            ["conversation"] = activity["conversation"]?.DeepClone(),
        };
        var url = $"{activity["serviceUrl"]?.GetValue<string>()?.TrimEnd('/')}/v3/conversations/{Uri.EscapeDataString(conversation)}/activities/{Uri.EscapeDataString(id)}";
        using var content = new StringContent(reply.ToJsonString(), Encoding.UTF8, "application/json");
        try
        {
            using var response = await _http.PostAsync(url, content);
        }
        catch (HttpRequestException)
        {
            // The waiting turn times out and is counted as an error.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}

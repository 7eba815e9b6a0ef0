using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// The floor: the least a Bot Framework bot can do per turn on Kestrel — read the activity, answer 202, POST one
/// reply to the connector. Run as its own process (<c>serve-echo &lt;port&gt;</c>), as the bot and botbuilder's echo
/// are, so the three are measured the same way: two loopback hops, their own CPU and RSS.
/// </summary>
public static class EchoServer
{
    public const string Command = "serve-echo";

    public static async Task<int> RunAsync(int port)
    {
        var builder = LoopbackApp.CreateBuilder(isolated: true);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var app = builder.Build();
        using var http = Channel.ChannelClient.NewHttp();
        app.MapGet("/", () => "echo floor");
        app.MapPost("/api/messages", (JsonObject activity) =>
        {
            _ = ReplyAsync(http, activity);
            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        await app.RunAsync();
        return 0;
    }

    private static async Task ReplyAsync(HttpClient http, JsonObject activity)
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
            using var response = await http.PostAsync(url, content);
        }
        catch (HttpRequestException)
        {
            // The waiting turn times out and is counted as an error.
        }
    }
}

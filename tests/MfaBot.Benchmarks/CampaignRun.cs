using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using MfaBot.Hosting;
using MfaBot.LoadTest.Channel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.Benchmarks;

/// <summary>
/// "campaign [people] [rate]": the real bot and a loopback Bot Connector; a manager invites a team of N, confirms,
/// and the run measures the time until every invite has arrived against the ideal the rate limit sets
/// (each invite costs two requests: create conversation + send), the peak rate per sliding second and memory.
/// </summary>
public static class CampaignRun
{
    public static async Task RunAsync(int people, double rate)
    {
        var folder = Directory.CreateTempSubdirectory("mfabot-campaign-bench-").FullName;
        var creates = 0;
        var invites = 0;
        var arrivals = new ConcurrentQueue<long>();
        var done = new TaskCompletionSource();
        await using var connector = await StartConnectorAsync(people, () =>
        {
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            return Interlocked.Increment(ref creates);
        }, title =>
        {
            if (title != "Please set up MFA for AWS") return;
            arrivals.Enqueue(Stopwatch.GetTimestamp());
            if (Interlocked.Increment(ref invites) == people + 1) done.TrySetResult();
        });
        var connectorUrl = LoopbackApp.AddressOf(connector) + "/_connector";
        await using var bot = await StartBotAsync(folder, people, rate);
        var botUrl = LoopbackApp.AddressOf(bot);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(30) };

        var previewWatch = Stopwatch.StartNew();
        await http.PostAsJsonAsync(botUrl + "/api/messages", Activity(connectorUrl, "19:team", "channel", a => a["text"] = "invite team"));
        var previewId = await WaitForPreviewAsync(connector);
        previewWatch.Stop();
        Console.WriteLine($"preview of {people} people: {previewWatch.Elapsed.TotalSeconds:F1} s");

        GC.Collect();
        var start = Stopwatch.GetTimestamp();
        await http.PostAsJsonAsync(botUrl + "/api/messages", Activity(connectorUrl, "a:manager", "personal", a =>
        {
            a["replyToId"] = previewId;
            a["value"] = new JsonObject { ["step"] = "campaign.confirm" };
        }));
        await done.Task.WaitAsync(TimeSpan.FromHours(2));
        var elapsed = Stopwatch.GetElapsedTime(start);
        var requests = 2.0 * (people + 1);
        var ideal = TimeSpan.FromSeconds(requests / rate);
        var times = arrivals.Where(t => t >= start).Order().ToArray();
        var peak = 0;
        for (int i = 0, j = 0; j < times.Length; j++)
        {
            while (Stopwatch.GetElapsedTime(times[i], times[j]) >= TimeSpan.FromSeconds(1)) i++;
            peak = Math.Max(peak, j - i + 1);
        }
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"campaign: {people + 1} invites ({requests:0} requests) at {rate}/s: {elapsed.TotalSeconds:F1} s, ideal {ideal.TotalSeconds:F1} s, ratio {elapsed / ideal:F3}; peak {peak} requests in any 1 s; peak working set {process.PeakWorkingSet64 / 1048576} MiB, managed heap now {GC.GetTotalMemory(false) / 1048576} MiB"));
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
    }

    private static JsonObject Activity(string serviceUrl, string conversationId, string type, Action<JsonObject> shape)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = Guid.NewGuid().ToString(),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = "29:manager", ["name"] = "Megan Bowen", ["aadObjectId"] = "aad-manager" },
            ["recipient"] = new JsonObject { ["id"] = "28:mfabot", ["name"] = "MfaBot" },
            ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = type, ["tenantId"] = "tenant-1" },
        };
        shape(activity);
        return activity;
    }

    private static readonly ConcurrentQueue<string> Previews = new();

    private static async Task<string> WaitForPreviewAsync(WebApplication connector)
    {
        _ = connector;
        while (true)
        {
            if (Previews.TryDequeue(out var id)) return id;
            await Task.Delay(100);
        }
    }

    private static async Task<WebApplication> StartConnectorAsync(int people, Func<int> onCreate, Action<string?> onSend)
    {
        var app = LoopbackApp.CreateBuilder().Build();
        var members = Enumerable.Range(0, people).Select(i => new { id = $"29:u{i}", name = $"User {i}", email = $"user{i:D5}@example.com" })
            .Append(new { id = "29:manager", name = "Megan Bowen", email = "meganb@example.com" }).ToArray();
        var v3 = app.MapGroup("/_connector/v3/conversations");
        long next = 0;
        v3.MapPost("", () => Results.Json(new { id = "a:" + onCreate() }));
        v3.MapPost("/{conversationId}/activities", (JsonObject body) =>
        {
            var id = ActivityIds.Next(ref next);
            var title = body["attachments"]?[0]?["content"]?["body"]?[0]?["text"]?.GetValue<string>();
            if (title == "Invite preview") Previews.Enqueue(id);
            onSend(title);
            return Results.Json(new { id });
        });
        v3.MapPut("/{conversationId}/activities/{activityId}", (string activityId) => Results.Json(new { id = activityId }));
        v3.MapGet("/{conversationId}/members/{userId}", (string userId) =>
            members.FirstOrDefault(m => m.id == userId) is { } m ? Results.Json(new { m.id, m.name, m.email, userPrincipalName = m.email }) : Results.NotFound());
        v3.MapGet("/{conversationId}/pagedmembers", (string? continuationToken) =>
        {
            var start = int.TryParse(continuationToken, out var s) ? s : 0;
            var page = members.Skip(start).Take(500).Select(m => new { m.id, m.name, m.email, userPrincipalName = m.email });
            return Results.Json(new { members = page, continuationToken = start + 500 < members.Length ? (start + 500).ToString(CultureInfo.InvariantCulture) : null });
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartBotAsync(string folder, int people, double rate)
    {
        var builder = WebApplication.CreateBuilder(MfaBotServices.WebOptions([], Environments.Development));
        var values = new Dictionary<string, string?>
        {
            // The embedded IAM simulator is reached at the bot's own address, so the port must be known up front.
            ["Urls"] = $"http://127.0.0.1:{FreePort.Next()}",
            ["Storage:DataFolder"] = folder,
            ["IamSimulator:StateFile"] = Path.Combine(folder, "iam-simulator.json"),
            ["Campaigns:SendRatePerSecond"] = rate.ToString(CultureInfo.InvariantCulture),
            ["Campaigns:Delivery:PollInterval"] = "00:00:00.200",
            ["Campaigns:MaxInvitees"] = "100000",
        };
        for (var i = 0; i < people; i++) values[$"IamSimulator:Users:{5 + i}:UserName"] = $"user{i:D5}@example.com";
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("MFABOT_BENCH_LOG") is not null) builder.Logging.AddSimpleConsole();
        builder.AddMfaBot();
        var app = builder.Build();
        app.MapMfaBot();
        await app.StartAsync();
        return app;
    }
}

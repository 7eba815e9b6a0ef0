using System.Text.Json.Nodes;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Http;

namespace MfaBot.Tests.Campaigns;

/// <summary>Drives campaigns through the real endpoint as Megan (a manager in the root appsettings) and reads what the connector saw.</summary>
public static class CampaignDriver
{
    public const string MeganId = "29:megan";

    /// <summary>Fast delivery and no progress throttling, so tests wait on real behaviour rather than timers.</summary>
    public static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Campaigns:Delivery:PollInterval"] = "00:00:00.100",
            ["Campaigns:ProgressInterval"] = "00:00:00.050",
            ["Campaigns:Delivery:RetryBaseDelay"] = "00:00:00.100",
            ["Campaigns:ReminderSchedule:0"] = "1.00:00:00",
            ["Campaigns:ReminderSchedule:1"] = "2.00:00:00",
            ["Campaigns:ReminderSchedule:2"] = "6.00:00:00",
            ["Campaigns:DefaultDeadline"] = "10.00:00:00",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public static TeamsChat Megan(EnrollmentHarness h, string conversationType = "personal", string conversationId = "") =>
        h.Chat(MeganId, "Megan Bowen", conversationType, conversationId);

    public static bool HasTitle(TestConnector.Call c, string title) => TitleOf(TestConnector.CardOf(c)) == title;

    public static string? TitleOf(JsonObject? card) => card?["body"]?[0]?["text"]?.GetValue<string>();

    /// <summary>Types "invite …" and returns the preview card.</summary>
    public static async Task<TestConnector.Call> PreviewAsync(EnrollmentHarness h, TeamsChat manager, string text, Func<JsonObject, JsonObject>? shape = null)
    {
        var skip = h.Connector.Calls.Count;
        await manager.PostAsync(manager.Activity("message", a =>
        {
            a["text"] = text;
            shape?.Invoke(a);
        }));
        return await h.Connector.WaitForAsync(c => c.Method == "POST" && HasTitle(c, "Invite preview"), skip, TimeSpan.FromSeconds(60));
    }

    public static Dictionary<string, string> Facts(TestConnector.Call card) => Facts(TestConnector.CardOf(card));

    /// <summary>A card's FactSet entries, title → value (counts of zero are left off the card).</summary>
    public static Dictionary<string, string> Facts(JsonObject? card) =>
        Objects(card).Where(o => o["type"]?.GetValue<string>() == "FactSet")
            .SelectMany(f => f["facts"]!.AsArray()).ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());

    public static IEnumerable<string> Actions(TestConnector.Call card) =>
        TestConnector.CardOf(card)?["actions"]?.AsArray().Select(a => a!["data"]!["step"]!.GetValue<string>()) ?? [];

    public static string AllText(TestConnector.Call card) => AllText(TestConnector.CardOf(card));

    public static string AllText(JsonObject? card) =>
        string.Join("\n", Objects(card).Where(o => o["text"] is JsonValue).Select(o => o["text"]!.GetValue<string>()));

    /// <summary>Conversation id → the user it was opened with (CREATE calls).</summary>
    public static Dictionary<string, string> OpenedConversations(TestConnector connector) =>
        connector.Calls.Where(c => c.Method == "CREATE").ToDictionary(c => c.ResultId, c => c.Body!["members"]![0]!["id"]!.GetValue<string>());

    /// <summary>Invite and reminder cards delivered, as (user id, card title).</summary>
    public static List<(string User, string Title, TestConnector.Call Call)> Invitations(TestConnector connector)
    {
        var opened = OpenedConversations(connector);
        return [.. connector.Calls.Where(c => c.Method == "POST" && opened.ContainsKey(c.ConversationId)
                && (HasTitle(c, "Please set up MFA for AWS") || HasTitle(c, "Reminder: set up MFA for AWS")))
            .Select(c => (opened[c.ConversationId], TestConnector.CardOf(c)!["body"]![0]!["text"]!.GetValue<string>(), c))];
    }

    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met. " + describe?.Invoke());
            await Task.Delay(50);
        }
    }

    /// <summary>The most requests that arrived within any one window of <paramref name="window"/>.</summary>
    public static int MaxInWindow(IEnumerable<DateTimeOffset> arrivals, TimeSpan window)
    {
        var times = arrivals.Order().ToArray();
        var max = 0;
        for (int start = 0, end = 0; end < times.Length; end++)
        {
            while (times[end] - times[start] >= window) start++;
            max = Math.Max(max, end - start + 1);
        }
        return max;
    }

    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        _ => [],
    };
}

/// <summary>A 429 with Retry-After, as Teams throttles.</summary>
public sealed class ThrottledResult(TimeSpan retryAfter) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await httpContext.Response.WriteAsJsonAsync(new { error = new { code = "TooManyRequests", message = "throttled" } });
    }
}

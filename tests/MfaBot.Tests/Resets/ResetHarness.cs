using System.Text.Json.Nodes;
using MfaBot.Iam;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Resets;

/// <summary>
/// A running bot with a helpdesk: Megan (member by email) and Lynne (member by Entra object id) in a Teams channel,
/// Alex (whose manager is Megan) and Admin (a privileged IAM user) as people who lose their phones.
/// </summary>
public sealed class ResetHarness : IAsyncDisposable
{
    public const string HelpdeskChannel = "19:helpdesk@thread.tacv2";
    public const string LynneId = "29:lynne";
    public const string AdminId = "29:admin";
    public const string AdminEmail = "admin@example.com";

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Resets:HelpdeskMembers:0:Email"] = "meganb@example.com",
            ["Resets:HelpdeskMembers:1:AadObjectId"] = "aad-" + LynneId,
            ["Resets:PrivilegedPaths:0"] = "/privileged/",
            ["Resets:SecondApprovalForPrivileged"] = "true",
            ["Resets:SweepInterval"] = "00:00:00.200",
            // The Development demo's helpdesk (the playground's channel, its contact, its quick re-posts) is not these tests'.
            ["Resets:HelpdeskConversation"] = "",
            ["Resets:HelpdeskContact"] = "",
            ["Resets:ReannounceAfter"] = "00:30:00",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        return settings;
    }

    private ResetHarness(EnrollmentHarness inner) => Inner = inner;

    public EnrollmentHarness Inner { get; }
    public TestConnector Connector => Inner.Connector;
    public IIamGateway Iam => Inner.Bot.Services.GetRequiredService<IIamGateway>();

    public static Task<ResetHarness> StartAsync(IDictionary<string, string?>? extra = null) => StartOverAsync(Settings(extra));

    /// <summary>A bot with only these settings over appsettings(.Development).json: the demo as shipped.</summary>
    public static async Task<ResetHarness> StartOverAsync(IDictionary<string, string?> settings)
    {
        var inner = await EnrollmentHarness.StartAsync(settings);
        inner.Connector.Members[LynneId] = ("lynner@example.com", "Lynne Robbins");
        inner.Connector.Members[AdminId] = (AdminEmail, "Adele Admin");
        return new ResetHarness(inner);
    }

    public TeamsChat Alex() => Inner.Chat();
    public TeamsChat Person(string id, string name) => Inner.Chat(id, name);
    public TeamsChat Agent(string id, string name) => Inner.Chat(id, name, "channel", HelpdeskChannel);
    public TeamsChat Megan() => Agent("29:megan", "Megan Bowen");
    public TeamsChat Lynne() => Agent(LynneId, "Lynne Robbins");

    /// <summary>Says something and waits for the bot's next text in the same conversation.</summary>
    public async Task<string> AskAsync(TeamsChat chat, string text)
    {
        var skip = Connector.Calls.Count;
        await chat.SayAsync(text);
        return TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip))!;
    }

    public async Task RegisterHelpdeskAsync() =>
        Assert.StartsWith("Done", await AskAsync(Megan(), "register helpdesk"), StringComparison.Ordinal);

    /// <summary>Enrolls the person for real (QR, two codes) and returns the serial of their device.</summary>
    public async Task<string> EnrollAsync(TeamsChat chat)
    {
        var (card, key) = await Inner.StartEnrollmentAsync(chat);
        var (c1, c2) = Inner.CodesNow(key);
        await Inner.SubmitCodesAsync(chat, card.ResultId, c1, c2, c => c.Method == "PUT" && CardText(c).Contains("MFA is on", StringComparison.Ordinal));
        var email = Connector.Members[chat.ConversationId["personal-".Length..]].Email;
        return Assert.Single(await Iam.ListMfaDevicesAsync(email)).SerialNumber;
    }

    /// <summary>Asks for a reset with a reason; returns the confirmation card and the card posted to the helpdesk.</summary>
    public async Task<(TestConnector.Call Confirm, TestConnector.Call HelpdeskCard)> RequestResetAsync(TeamsChat chat, string reason = "My phone was stolen yesterday",
        string phrase = "I lost my phone", string helpdesk = HelpdeskChannel)
    {
        var confirm = await AskForReasonAsync(chat, phrase);
        var skip = await SubmitReasonAsync(chat, confirm, reason);
        var posted = await Connector.WaitForAsync(c => c.ConversationId == helpdesk && c.Method == "POST" && CardText(c).Contains("MFA reset request", StringComparison.Ordinal), skip);
        // The confirmation card turns to "sent" once the request and its post are recorded.
        await chat.NextAsync(c => c.Method == "PUT" && c.ActivityId == confirm.ResultId, skip);
        return (confirm, posted);
    }

    /// <summary>Says <paramref name="phrase"/> and waits for the confirmation card that asks for a reason.</summary>
    public async Task<TestConnector.Call> AskForReasonAsync(TeamsChat chat, string phrase = "I lost my phone")
    {
        var skip = Connector.Calls.Count;
        await chat.SayAsync(phrase);
        return await chat.NextAsync(c => CardText(c).Contains("Send to helpdesk", StringComparison.Ordinal), skip);
    }

    /// <summary>Clicks "Send to helpdesk" with <paramref name="reason"/>; returns the number of calls before the click.</summary>
    public async Task<int> SubmitReasonAsync(TeamsChat chat, TestConnector.Call confirm, string reason)
    {
        var skip = Connector.Calls.Count;
        await chat.SubmitAsync(confirm.ResultId, new JsonObject { ["step"] = "reset.confirm", ["reason"] = reason });
        return skip;
    }

    /// <summary>The request id the helpdesk card's buttons carry.</summary>
    public static string RequestIdOf(TestConnector.Call card) =>
        TestConnector.CardOf(card)!["actions"]!.AsArray().Select(a => a!["data"]?["requestId"]?.GetValue<string>()).First(id => id is not null)!;

    /// <summary>Clicks a helpdesk button as <paramref name="agent"/>; returns the number of calls before the click.</summary>
    public async Task<int> ClickAsync(TeamsChat agent, TestConnector.Call card, string step, string requestId, JsonObject? inputs = null)
    {
        var skip = Connector.Calls.Count;
        var value = inputs ?? new JsonObject();
        value["step"] = step;
        value["requestId"] = requestId;
        await agent.SubmitAsync(card.ResultId, value);
        return skip;
    }

    /// <summary>
    /// Clicks and waits for the bot's text answer to the clicker alone (their 1:1 chat); the conversation clicked in
    /// (the helpdesk thread) gets no new message.
    /// </summary>
    public async Task<string> ClickForTextAsync(TeamsChat agent, TestConnector.Call card, string step, string requestId, JsonObject? inputs = null)
    {
        var skip = await ClickAsync(agent, card, step, requestId, inputs);
        return await PrivateTextAsync(agent, skip);
    }

    /// <summary>Says something and waits for the answer to the speaker alone; the conversation spoken in gets no new message.</summary>
    public async Task<string> AskPrivatelyAsync(TeamsChat chat, string text)
    {
        var skip = Connector.Calls.Count;
        await chat.SayAsync(text);
        return await PrivateTextAsync(chat, skip);
    }

    /// <summary>The next text for the chat's user in their 1:1 chat (opened by the bot when the chat is shared).</summary>
    public async Task<string> PrivateTextAsync(TeamsChat chat, int skip)
    {
        if (chat.IsPersonal) return TestConnector.TextOf(await chat.NextAsync(c => TestConnector.TextOf(c) is not null, skip))!;
        var opened = await Connector.WaitForAsync(c => c.Method == "CREATE" && c.Body!["members"]![0]!["id"]!.GetValue<string>() == chat.UserId, skip);
        var text = TestConnector.TextOf(await Connector.WaitForAsync(c => c.ConversationId == opened.ResultId && TestConnector.TextOf(c) is not null, skip))!;
        Assert.DoesNotContain(Connector.Calls.Skip(skip), c => c.ConversationId == chat.ConversationId && c.Method is "POST" or "REPLY");
        return text;
    }

    /// <summary>Waits for the helpdesk card to be updated to a version containing <paramref name="text"/>.</summary>
    public Task<TestConnector.Call> CardUpdateAsync(TestConnector.Call card, string text, int skip) =>
        Connector.WaitForAsync(c => c.Method == "PUT" && c.ActivityId == card.ResultId && CardText(c).Contains(text, StringComparison.Ordinal), skip);

    public static string CardText(TestConnector.Call call) => TestConnector.CardOf(call)?.ToJsonString() ?? "";

    /// <summary>The audit table's events in id order, as JSON objects.</summary>
    public IReadOnlyList<JsonObject> Audit() => [.. Inner.AuditLines().Select(l => JsonNode.Parse(l)!.AsObject())];

    public IReadOnlyList<string> AuditActions(string? requestId = null) =>
        [.. Audit().Where(e => requestId is null || e["correlationId"]?.GetValue<string>() == requestId).Select(e => e["action"]!.GetValue<string>())];

    /// <summary>Waits (bounded) until the request's audit trail holds <paramref name="action"/>; the last steps run after the card update.</summary>
    public async Task<IReadOnlyList<string>> WaitForAuditAsync(string requestId, string action)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(50))
            if (AuditActions(requestId).Contains(action)) return AuditActions(requestId);
        throw new TimeoutException($"no {action} in the audit trail: {string.Join(", ", AuditActions(requestId))}");
    }

    public ValueTask DisposeAsync() => Inner.DisposeAsync();
}

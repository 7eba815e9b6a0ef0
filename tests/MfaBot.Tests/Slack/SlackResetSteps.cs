using System.Text.Json.Nodes;
using MfaBot.Channels.Slack.Rendering;
using MfaBot.Iam;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Slack;

/// <summary>
/// The reset hand-off driven through Slack: a helpdesk channel configured by id, Megan and Lynne helpdesk members by
/// Slack user id, people clicking the buttons of the messages the bot posted (their latest version) as Slack sends them.
/// </summary>
public static class SlackResetSteps
{
    public const string HelpdeskChannel = "C0HELPDESK";
    public const string Megan = "U0MEGAN";
    public const string Lynne = "U0LYNNE";
    public const string Nobody = "U0NOBODY";

    public static async Task<SlackHarness> StartAsync(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Resets:HelpdeskConversation"] = HelpdeskChannel,
            ["Resets:HelpdeskMembers:0:SlackUserId"] = Megan,
            ["Resets:HelpdeskMembers:1:SlackUserId"] = Lynne,
            ["Resets:SweepInterval"] = "00:00:00.200",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) settings[k] = v;
        var h = await SlackHarness.StartAsync(extra: settings);
        h.Slack.Users[Lynne] = new FakeSlackApi.User("lynner@example.com", "Lynne Robbins", SlackHarness.Team);
        return h;
    }

    public static IIamGateway Iam(this SlackHarness h) => h.Bot.Services.GetRequiredService<IIamGateway>();

    /// <summary>Enrolls the person for real through Slack (QR file, codes modal); returns the device's serial.</summary>
    public static async Task<string> EnrollAsync(this SlackHarness h, string user, string email)
    {
        var (card, _, key) = await h.StartEnrollmentAsync(user);
        var (c1, c2) = h.CodesNow(key);
        await h.SubmitCodesAsync(card, c1, c2, Updated(card, "MFA is on"), user);
        return Assert.Single(await h.Iam().ListMfaDevicesAsync(email)).SerialNumber;
    }

    /// <summary>Says "I lost my phone", clicks "Send to helpdesk", types the reason into the modal; returns the confirmation and the helpdesk post.</summary>
    public static async Task<(FakeSlackApi.Call Confirm, FakeSlackApi.Call HelpdeskCard)> RequestResetAsync(this SlackHarness h, string reason, string user = SlackHarness.Alex)
    {
        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.SayAsync("I lost my phone", user));
        var confirm = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && SlackHarness.HasAction(c, "reset.confirm"), skip);
        skip = h.Slack.Calls.Count;
        var opened = await h.OpenModalAsync(confirm, "reset.confirm", user);
        Assert.Equal("reset.confirm", opened["callback_id"]!.ToString());
        SlackHarness.Ok(await h.InteractAsync(h.Submit(opened, new Dictionary<string, string> { ["reason"] = reason }, user)));
        var posted = await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == HelpdeskChannel, skip);
        await h.Slack.WaitForAsync(Updated(confirm, "sent"), skip);
        return (confirm, posted);
    }

    /// <summary>Clicks a button of the message as it now reads (Slack shows the latest update); returns the calls seen before.</summary>
    public static async Task<int> ClickAsync(this SlackHarness h, FakeSlackApi.Call message, string actionId, string user)
    {
        var skip = h.Slack.Calls.Count;
        var button = ButtonOf(h, message, actionId);
        SlackHarness.Ok(await h.InteractAsync(h.Click(ChannelOf(message), TsOf(message), actionId, button["value"]!.ToString(), user)));
        return skip;
    }

    /// <summary>Clicks a button that opens a modal and returns the view the bot opened.</summary>
    public static async Task<JsonObject> OpenModalAsync(this SlackHarness h, FakeSlackApi.Call message, string actionId, string user)
    {
        var skip = await h.ClickAsync(message, actionId, user);
        return (await h.Slack.WaitForAsync(c => c.Method == "views.open", skip)).Args["view"]!.AsObject();
    }

    /// <summary>Opens the Deny modal from the helpdesk card and submits it with <paramref name="reason"/>; returns the calls seen before the submission.</summary>
    public static async Task<int> DenyAsync(this SlackHarness h, FakeSlackApi.Call card, string reason, string user)
    {
        var opened = await h.OpenModalAsync(card, "reset.deny", user);
        var skip = h.Slack.Calls.Count;
        SlackHarness.Ok(await h.InteractAsync(h.Submit(opened, new Dictionary<string, string> { ["denyReason"] = reason }, user)));
        return skip;
    }

    /// <summary>The next text the bot posts (no blocks) into <paramref name="channel"/> after <paramref name="skip"/> calls.</summary>
    public static async Task<string> NextTextAsync(this SlackHarness h, string channel, int skip) =>
        SlackHarness.TextOf(await h.Slack.WaitForAsync(c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == channel && c.Args["blocks"] is null, skip));

    /// <summary>The next text the bot says to <paramref name="user"/> alone (their DM); the helpdesk channel gets no new message.</summary>
    public static async Task<string> PrivateTextAsync(this SlackHarness h, string user, int skip)
    {
        var text = await h.NextTextAsync(SlackHarness.DirectChannel(user), skip);
        Assert.DoesNotContain(h.Slack.Calls.Skip(skip), c => c.Method == "chat.postMessage" && c.Args["channel"]!.ToString() == HelpdeskChannel);
        return text;
    }

    public static Func<FakeSlackApi.Call, bool> Updated(FakeSlackApi.Call message, string containing) => c =>
        c.Method == "chat.update" && c.Args["channel"]!.ToString() == ChannelOf(message) && c.Args["ts"]!.ToString() == TsOf(message)
        && c.Args.ToJsonString().Contains(containing, StringComparison.Ordinal);

    /// <summary>The card inputs a button carries back, as the bot's reader decodes them.</summary>
    public static IReadOnlyDictionary<string, string> InputsOf(JsonObject button) => SlackButtonValue.Decode(button["value"]!.ToString()).Inputs;

    public static JsonObject ButtonOf(SlackHarness h, FakeSlackApi.Call message, string actionId) =>
        Buttons(h, message).SingleOrDefault(b => b["action_id"]!.ToString() == actionId)
        ?? throw new InvalidOperationException($"no {actionId} button on the message now");

    /// <summary>The buttons of the message's latest version.</summary>
    public static IEnumerable<JsonObject> Buttons(SlackHarness h, FakeSlackApi.Call message) =>
        SlackHarness.ActionsOf(new FakeSlackApi.Call("", "", h.Slack.Messages[ChannelOf(message) + "/" + TsOf(message)], []));

    public static string ChannelOf(FakeSlackApi.Call message) => message.Reply["channel"]!.ToString();

    public static string TsOf(FakeSlackApi.Call message) => message.Reply["ts"]!.ToString();
}

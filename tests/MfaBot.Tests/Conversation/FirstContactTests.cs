using System.Text.Json.Nodes;
using MfaBot.Conversation;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Conversation;

/// <summary>The welcome goes out once per conversation, whichever of Teams' two install events comes first.</summary>
public sealed class FirstContactTests
{
    [Fact]
    public async Task Teams_install_events_in_either_order_greet_each_conversation_once_even_after_a_restart()
    {
        await using var h = await EnrollmentHarness.StartAsync();
        var personal = h.Chat();
        await personal.InstallAsync();
        await personal.PostAsync(BotAdded(personal));
        var group = h.Chat(conversationType: "groupChat", conversationId: "19:group@thread.v2");
        await group.PostAsync(BotAdded(group));
        await group.InstallAsync();
        // Someone else joining is no reason to greet.
        await group.PostAsync(group.Activity("conversationUpdate", a => a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:lynne" })));

        Assert.Equal(1, await WelcomesAfterAnswerAsync(h, personal));
        Assert.Equal(1, await WelcomesAfterAnswerAsync(h, group));

        await h.RestartAsync();
        var again = h.Chat();
        await again.InstallAsync();
        Assert.Equal(1, await WelcomesAfterAnswerAsync(h, again));
    }

    [Fact]
    public async Task A_turn_that_answers_with_two_messages_fails_the_test_that_drove_it()
    {
        var h = await EnrollmentHarness.StartAsync(services: s => s.AddSingleton<ICommand, TwoAnswers>());
        var chat = h.Chat();
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("twice");
        await chat.NextAsync(c => TestConnector.TextOf(c) == "two", skip);

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await h.DisposeAsync());
        Assert.Contains("posted 2 new messages", failure.Message, StringComparison.Ordinal);
    }

    private static JsonObject BotAdded(TeamsChat chat) =>
        chat.Activity("conversationUpdate", a => a["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "28:mfabot" }));

    /// <summary>Turns in one conversation run in order, so once "help" is answered every earlier event has been handled.</summary>
    private static async Task<int> WelcomesAfterAnswerAsync(EnrollmentHarness h, TeamsChat chat)
    {
        var skip = h.Connector.Calls.Count;
        await chat.SayAsync("help");
        await chat.NextAsync(c => FallbackOf(c).StartsWith("Commands:", StringComparison.Ordinal), skip);
        return h.Connector.Calls.Count(c => c.ConversationId == chat.ConversationId && FallbackOf(c).StartsWith("Hi ", StringComparison.Ordinal));
    }

    private static string FallbackOf(TestConnector.Call call) => TestConnector.CardOf(call)?["fallbackText"]?.GetValue<string>() ?? "";

    private sealed class TwoAnswers : ICommand
    {
        public IReadOnlyList<string> Phrases { get; } = ["twice"];

        public async Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct)
        {
            await context.SayAsync("one", ct);
            await context.SayAsync("two", ct);
        }
    }
}

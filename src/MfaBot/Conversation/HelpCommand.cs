using System.Text.Json.Nodes;

namespace MfaBot.Conversation;

/// <summary>"help" and the welcome on install: what the bot does and how to ask for it.</summary>
public sealed class HelpCommand : ICommand, ICardStep
{
    public IReadOnlyList<string> Phrases { get; } = ["help", "?", "hi", "hello", "commands"];

    public string Step => Steps.Help;

    public Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct) => ShowAsync(context, ct);

    public Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) => ShowAsync(context, ct);

    private static async Task ShowAsync(TurnContext context, CancellationToken ct) =>
        await context.SendAsync(OutboundMessage.Show("help", []), ct);
}

/// <summary>The welcome card: what a person can do here, as buttons. Sent on first contact and by its step.</summary>
public sealed class WelcomeStep : ICardStep
{
    public string Step => Steps.Welcome;

    public async Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct) =>
        await context.SendAsync(Card(context.User), ct);

    public static OutboundMessage Card(ChatUser user) => OutboundMessage.Show("welcome", new JsonObject { ["name"] = user.Name ?? "there" });
}

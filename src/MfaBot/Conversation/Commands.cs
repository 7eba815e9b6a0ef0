namespace MfaBot.Conversation;

/// <summary>A typed command such as "enroll". Phrases are whole normalized texts, never substrings.</summary>
public interface ICommand
{
    /// <summary>Lower-case phrases that invoke the command; text after a phrase and a space is its arguments.</summary>
    IReadOnlyList<string> Phrases { get; }

    Task ExecuteAsync(TurnContext context, string arguments, CancellationToken ct);
}

/// <summary>A card button, identified by the step id in the card's submitted data.</summary>
public interface ICardStep
{
    string Step { get; }

    Task ExecuteAsync(TurnContext context, CardAction action, CancellationToken ct);
}

namespace MfaBot.Conversation;

/// <summary>
/// Typed text that no command claims, offered to a feature before "I didn't understand" (e.g. codes typed while a
/// setup waits for them). The feature decides from its own state, never from the text alone.
/// </summary>
public interface ITextFallback
{
    /// <returns>True when the text was the feature's and the person was answered.</returns>
    Task<bool> TryHandleAsync(TurnContext context, TextInput text, CancellationToken ct);
}

/// <summary>
/// An answer an earlier turn owes the person because its message could not be delivered (e.g. "MFA is on" after IAM
/// enabled the device). Consulted at the start of every turn; when it answers, that answer is the turn's one message.
/// </summary>
public interface IOwedReply
{
    /// <returns>True when an owed answer was delivered in place of this turn's.</returns>
    Task<bool> TryDeliverAsync(TurnContext context, CancellationToken ct);
}

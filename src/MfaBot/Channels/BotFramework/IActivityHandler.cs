using MfaBot.Channels.BotFramework.Schema;

namespace MfaBot.Channels.BotFramework;

/// <summary>
/// The seam to the conversation layer. Called once per accepted activity; turns of one conversation
/// never overlap. Resolved from a fresh DI scope per activity.
/// </summary>
public interface IActivityHandler
{
    /// <returns>The answer to an <c>invoke</c> activity; null for every other type.</returns>
    Task<InvokeResponse?> OnActivityAsync(Activity activity, CancellationToken ct);
}

/// <summary>HTTP status and JSON body returned to the channel for an <c>invoke</c>.</summary>
public sealed record InvokeResponse(int Status, object? Body = null);

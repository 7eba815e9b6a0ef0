using MfaBot.Conversation;

namespace MfaBot.Enrollment;

/// <summary>A feature's line in "status" (e.g. an open reset request); the status command shows every line given.</summary>
public interface IStatusContributor
{
    Task<IReadOnlyList<string>> StatusLinesAsync(TurnContext context, CancellationToken ct);
}

/// <summary>Something "cancel" can withdraw when no MFA setup is in progress.</summary>
public interface ICancellable
{
    /// <returns>True when something was cancelled and the person was told so.</returns>
    Task<bool> TryCancelAsync(TurnContext context, CancellationToken ct);
}

namespace MfaBot.Coordination;

/// <summary>
/// Says whether a delivery (a channel's activity or event id, a campaign's message to one person) is seen for the
/// first time within a window, across every instance that shares the guard, so a redelivery is not acted on twice.
/// </summary>
public interface IDuplicateGuard
{
    /// <returns>True for the first claim of <paramref name="key"/> within <paramref name="window"/>; false for a duplicate.</returns>
    Task<bool> TryClaimAsync(string key, TimeSpan window, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose work could not be accepted, so that its retry is processed.</summary>
    Task ReleaseAsync(string key, CancellationToken cancellationToken);
}

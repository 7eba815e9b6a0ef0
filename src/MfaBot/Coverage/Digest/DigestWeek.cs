namespace MfaBot.Coverage.Digest;

/// <summary>
/// One week's digest under "coverage-digest/2026-W49": created (only if absent) before the post, so that one instance
/// posts, then updated with the outcome.
/// </summary>
public sealed record DigestWeek(DigestWeek.States State, string Instance, DateTimeOffset ClaimedAt, DateTimeOffset ExpiresAt)
{
    public const string Prefix = "coverage-digest/";

    public enum States
    {
        /// <summary>Claimed; the post is under way, or the instance stopped before recording its outcome.</summary>
        Posting,

        Posted,

        /// <summary>The platform refused the post and said nothing was delivered: the next pass tries again.</summary>
        Failed,

        /// <summary>Nobody can tell whether it was posted (lost connection, or a claim left in <see cref="Posting"/>): not posted again.</summary>
        Unknown,
    }

    /// <summary>Longer than any week, so that this week's record is there for as long as the week lasts.</summary>
    public static readonly TimeSpan KeptFor = TimeSpan.FromDays(14);

    public int FailedPosts { get; init; }

    public DateTimeOffset? PostedAt { get; init; }

    public static string KeyFor(string week) => Prefix + week;
}

using MfaBot.Conversation;

namespace MfaBot.Enrollment;

/// <summary>
/// One person's enrollment in progress, kept in the state store under <see cref="KeyFor"/>. The seed is held
/// only as <see cref="ProtectedSeed"/> (AES-GCM envelope) and the record is deleted when the enrollment ends.
/// </summary>
public sealed record EnrollmentState
{
    public required string Id { get; init; }
    public required ChatUser User { get; init; }
    public required ConversationRef Conversation { get; init; }
    public required string IamUserName { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
    public EnrollmentPhase Phase { get; init; } = EnrollmentPhase.Creating;
    public string? SerialNumber { get; init; }
    public string? ProtectedSeed { get; init; }
    public string? CardMessageId { get; init; }
    public int FailedAttempts { get; init; }

    /// <summary>A first code typed on its own, sealed like the seed, until the second arrives or an attempt uses it.</summary>
    public string? ProtectedFirstCode { get; init; }

    /// <summary>When the <see cref="EnrollmentPhase.Enabling"/> phase began; null in any other phase.</summary>
    public DateTimeOffset? EnablingSince { get; init; }

    public static string KeyFor(ChatUser user) => $"enrollment/{user.Key}";

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>
    /// Enabling for at least <paramref name="limit"/>: no turn can still be working on it (see <see cref="EnablingRecovery"/>).
    /// A record without <see cref="EnablingSince"/> (written by an older version) began enabling before it expired.
    /// </summary>
    public bool IsEnablingInterrupted(DateTimeOffset now, TimeSpan limit) =>
        Phase == EnrollmentPhase.Enabling && now - (EnablingSince ?? ExpiresAt) >= limit;

    /// <summary>
    /// Still <see cref="EnrollmentPhase.Creating"/> after <paramref name="limit"/>: the turn creating the device died
    /// (its device, if IAM made one, is unassigned and tagged, so the sweeper's orphan pass deletes it).
    /// </summary>
    public bool IsCreationInterrupted(DateTimeOffset now, TimeSpan limit) =>
        Phase == EnrollmentPhase.Creating && now - StartedAt >= limit;
}

public enum EnrollmentPhase
{
    /// <summary>Claimed; CreateVirtualMFADevice under way.</summary>
    Creating,

    /// <summary>QR shown; waiting for two codes.</summary>
    AwaitingCodes,

    /// <summary>
    /// EnableMFADevice under way; a second submission must not start another. Left behind by a crash, it is
    /// settled with IAM once older than any call can take (<see cref="EnablingRecovery"/>).
    /// </summary>
    Enabling,
}

/// <summary>After too many wrong codes, no new enrollment until <see cref="Until"/>.</summary>
public sealed record EnrollmentCooldown(DateTimeOffset Until)
{
    public static string KeyFor(ChatUser user) => $"enrollment-cooldown/{user.Key}";
}

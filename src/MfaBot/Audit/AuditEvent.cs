using System.Text.RegularExpressions;
using MfaBot.Conversation;

namespace MfaBot.Audit;

/// <summary>
/// One audit record. Typed fields only: there is deliberately no bag of extra values that could carry a seed.
/// </summary>
public sealed partial record AuditEvent
{
    public const int MaxDetailLength = 500;
    private const int MaxFieldLength = 256;

    /// <summary>When it happened; leave null and the trail stamps the current time of its clock.</summary>
    public DateTimeOffset? Time { get; init; }

    public required AuditActor Actor { get; init; }

    /// <summary>Dotted name, e.g. "enrollment.started", "iam.CreateVirtualMFADevice".</summary>
    public required string Action { get; init; }

    public required AuditOutcome Outcome { get; init; }

    public string? IamUser { get; init; }

    public string? SerialNumber { get; init; }

    public string? IamRequestId { get; init; }

    /// <summary>Short, non-secret context; refused when it looks like a one-time code or a seed.</summary>
    public string? Detail { get; init; }

    /// <summary>Ties together the events of one turn or one enrollment.</summary>
    public string? CorrelationId { get; init; }

    [GeneratedRegex("^[a-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)+$")]
    private static partial Regex ActionName();

    /// <summary>Throws <see cref="ArgumentException"/> naming the field, never echoing its value.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Actor);
        Require(Actor.Id, nameof(AuditActor.Id), required: true, maxLength: ChatUser.MaxKeyLength);
        Require(Actor.DisplayName, nameof(AuditActor.DisplayName));
        Require(Actor.Email, nameof(AuditActor.Email));
        Require(Action, nameof(Action), required: true);
        if (!ActionName().IsMatch(Action) || Action.Length > 100)
            throw new ArgumentException("Action must be a dotted name such as \"enrollment.started\".", nameof(Action));
        if (!Enum.IsDefined(Outcome)) throw new ArgumentException("Outcome is not a known value.", nameof(Outcome));
        Require(IamUser, nameof(IamUser));
        Require(SerialNumber, nameof(SerialNumber));
        Require(IamRequestId, nameof(IamRequestId));
        Require(CorrelationId, nameof(CorrelationId));
        Require(Detail, nameof(Detail), maxLength: MaxDetailLength);
        SecretScrubber.EnsureNoSecret(Detail, nameof(Detail));
    }

    private static void Require(string? value, string field, bool required = false, int maxLength = MaxFieldLength)
    {
        if (value is null)
        {
            if (required) throw new ArgumentException($"{field} is required.", field);
            return;
        }
        if ((required && string.IsNullOrWhiteSpace(value)) || value.Length > maxLength)
            throw new ArgumentException($"{field} must be 1 to {maxLength} characters.", field);
        if (value.Any(char.IsControl))
            throw new ArgumentException($"{field} must not contain control characters.", field);
    }
}

/// <summary>Who acted: the verified chat identity id, plus name and email when known.</summary>
public sealed record AuditActor(string Id, string? DisplayName = null, string? Email = null)
{
    /// <summary>The bot itself (sweepers, reminders).</summary>
    public static AuditActor System { get; } = new("system", "MfaBot");
}

public enum AuditOutcome
{
    Success,
    Failure,
    Denied,
}

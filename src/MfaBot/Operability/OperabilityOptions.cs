using Microsoft.Extensions.Options;

namespace MfaBot.Operability;

/// <summary>Section "Operability".</summary>
public sealed class OperabilityOptions
{
    /// <summary>
    /// Who sees /readyz's check names and reasons: "Loopback" (default: callers on this machine), "Always" or "Never".
    /// Everyone else gets only the status. X-Forwarded-For is not consulted: any caller can write it.
    /// </summary>
    public string ReadinessDetails { get; set; } = Loopback;

    public const string Section = "Operability";
    public const string Loopback = "Loopback";
    public const string Always = "Always";
    public const string Never = "Never";
}

internal sealed class OperabilityOptionsValidator : IValidateOptions<OperabilityOptions>
{
    private static readonly string[] Modes = [OperabilityOptions.Loopback, OperabilityOptions.Always, OperabilityOptions.Never];

    public ValidateOptionsResult Validate(string? name, OperabilityOptions options) =>
        Modes.Contains(options.ReadinessDetails, StringComparer.OrdinalIgnoreCase)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"{OperabilityOptions.Section}:ReadinessDetails must be one of: {string.Join(", ", Modes)}.");
}

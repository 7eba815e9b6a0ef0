using Microsoft.Extensions.Options;

namespace MfaBot.Coordination;

/// <summary>Settings of section "Coordination": how instances share background work.</summary>
public sealed class CoordinationOptions
{
    public const string Section = "Coordination";

    /// <summary>How long a background job's lease lasts without renewal: how soon another instance takes over after a crash.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often expired duplicate-guard claims are deleted.</summary>
    public TimeSpan JanitorInterval { get; set; } = TimeSpan.FromMinutes(10);
}

internal sealed class CoordinationOptionsValidator : IValidateOptions<CoordinationOptions>
{
    public ValidateOptionsResult Validate(string? name, CoordinationOptions options)
    {
        var failures = new List<string>();
        if (options.LeaseDuration < TimeSpan.FromSeconds(1) || options.LeaseDuration > TimeSpan.FromHours(1))
            failures.Add("Coordination:LeaseDuration must be between 00:00:01 and 01:00:00.");
        if (options.JanitorInterval < TimeSpan.FromMilliseconds(100) || options.JanitorInterval > TimeSpan.FromDays(1))
            failures.Add("Coordination:JanitorInterval must be between 00:00:00.1 and 1.00:00:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

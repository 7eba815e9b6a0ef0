using System.ComponentModel.DataAnnotations;

namespace MfaBot.Enrollment;

/// <summary>Enrollment limits and naming (section "Enrollment").</summary>
public sealed class EnrollmentOptions
{
    public const string Section = "Enrollment";

    /// <summary>IAM path for devices the bot creates; the sweeper only ever deletes devices under it.</summary>
    [RegularExpression(@"^/([\x21-\x7E]*/)?$", ErrorMessage = "Enrollment:DevicePath must start and end with '/'.")]
    public string DevicePath { get; set; } = "/mfabot/";

    /// <summary>Issuer shown in the authenticator app next to the account.</summary>
    [Required(ErrorMessage = "Enrollment:Issuer is required."), MinLength(1, ErrorMessage = "Enrollment:Issuer is required.")]
    public string Issuer { get; set; } = "AWS";

    /// <summary>How long a QR code and its seed stay usable.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "Enrollment:Lifetime must be between 00:01:00 and 01:00:00.")]
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 100, ErrorMessage = "Enrollment:MaxFailedAttempts must be between 1 and 100.")]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>Wait after too many failed attempts before a new enrollment may start.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Enrollment:Cooldown must be between 00:00:00 and 1.00:00:00.")]
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Enrollment:SweepInterval must be between 00:00:00.050 and 01:00:00.")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>IAM is eventually consistent: how often and how long to look for the enabled device.</summary>
    [Range(1, 50, ErrorMessage = "Enrollment:ConfirmAttempts must be between 1 and 50.")]
    public int ConfirmAttempts { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:00", "00:00:10", ErrorMessage = "Enrollment:ConfirmDelay must be between 00:00:00 and 00:00:10.")]
    public TimeSpan ConfirmDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}

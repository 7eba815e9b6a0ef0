using System.Net;
using Microsoft.Extensions.Options;

namespace MfaBot.Iam;

/// <summary>Checks the "Iam" settings at start-up; each failure names the setting and what is accepted.</summary>
public sealed class IamOptionsValidator : IValidateOptions<IamOptions>
{
    public ValidateOptionsResult Validate(string? name, IamOptions options)
    {
        var errors = new List<string>();
        if (!IamPartitions.TryGet(options.Partition ?? "", out _))
        {
            errors.Add($"Iam:Partition '{options.Partition}' is unknown; use one of {string.Join(", ", IamPartitions.Names)}.");
        }
        if (options.ServiceUrl is { } url)
        {
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                errors.Add($"Iam:ServiceUrl '{url}' must be an absolute http or https URL.");
            }
            else if (url.Scheme == Uri.UriSchemeHttp && !options.AllowInsecureHttp && !IsLoopback(url))
            {
                errors.Add($"Iam:ServiceUrl '{url}' uses plain http to a non-loopback host; use https (replies carry MFA seeds) or set Iam:AllowInsecureHttp=true.");
            }
            else if (!string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment))
            {
                errors.Add($"Iam:ServiceUrl '{url}' must not carry a query or fragment.");
            }
        }
        if (options.SigningRegion is { } region && (region.Length == 0 || !region.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            errors.Add($"Iam:SigningRegion '{region}' is not a region name such as us-east-1.");
        }
        if (string.IsNullOrEmpty(options.AccessKeyId) != string.IsNullOrEmpty(options.SecretAccessKey))
        {
            errors.Add("Iam:AccessKeyId and Iam:SecretAccessKey must be set together (or both left empty to use the AWS default credential chain).");
        }
        Between(errors, "Iam:MaxAttempts", options.MaxAttempts, 1, 10);
        Between(errors, "Iam:PageSize", options.PageSize, 1, 1000);
        Between(errors, "Iam:RequestTimeout", options.RequestTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Between(errors, "Iam:CredentialsTimeout", options.CredentialsTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Between(errors, "Iam:RetryBaseDelay", options.RetryBaseDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Between(errors, "Iam:MaxRetryDelay", options.MaxRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(5));
        Between(errors, "Iam:TurnBudget", options.TurnBudget, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));
        Between(errors, "Iam:RetryQuota", options.RetryQuota, 0, 100_000);
        Between(errors, "Iam:MaxTotalRetryDelay", options.MaxTotalRetryDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Between(errors, "Iam:CredentialReportPollInterval", options.CredentialReportPollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Between(errors, "Iam:CredentialReportTimeout", options.CredentialReportTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    internal static bool IsLoopback(Uri url) =>
        url.IsLoopback || (IPAddress.TryParse(url.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    private static void Between<T>(List<string> errors, string setting, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0) errors.Add($"{setting} is {value}; it must be between {min} and {max}.");
    }
}

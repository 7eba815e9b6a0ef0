using MfaBot.Configuration;
using MfaBot.Hosting;
using MfaBot.Hosting.Startup;
using MfaBot.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Hosting;

/// <summary>
/// Every section's bad values, through the same gate Program.cs passes: each problem is one line that names the
/// setting and says what is expected; nothing is a stack trace, and a secret value is never repeated.
/// </summary>
public sealed class SettingsCheckTests
{
    [Theory]
    [InlineData("Urls", "http://localhost:abc", "Urls 'http://localhost:abc' is not valid")]
    [InlineData("Urls", "http://localhost:70000", "Urls 'http://localhost:70000' is not valid: the port must be a number")]
    [InlineData("PublicBaseUrl", "http://bot.example.com", "PublicBaseUrl must be an absolute https:// URL")]
    [InlineData("CardImageLifetime", "soon", "CardImageLifetime 'soon' is not valid: expected a duration")]
    [InlineData("Iam:Partition", "mars", "Iam:Partition 'mars' is unknown")]
    [InlineData("Iam:RequestTimeout", "ten seconds", "Iam:RequestTimeout 'ten seconds' is not valid: expected a duration")]
    [InlineData("Iam:MaxAttempts", "many", "Iam:MaxAttempts 'many' is not valid: expected a whole number")]
    [InlineData("Iam:ServiceUrl", "not a url", "Iam:ServiceUrl 'not a url' must be an absolute http or https URL")]
    [InlineData("IamSimulator:Embedded", "maybe", "IamSimulator:Embedded 'maybe' is not valid: expected true or false")]
    [InlineData("IamSimulator:CodeWindowSteps", "two", "IamSimulator:CodeWindowSteps 'two' is not valid: expected a whole number")]
    [InlineData("IamSimulator:CredentialReportMaxAge", "2.00:00:00", "IamSimulator:CredentialReportMaxAge must be between 00:00:00 and 1.00:00:00")]
    [InlineData("IamSimulator:DeniedActions:0", "GetCredentialReports", "IamSimulator:DeniedActions must list IAM operation names the simulator serves")]
    [InlineData("Iam:CredentialReportPollInterval", "00:05:00", "Iam:CredentialReportPollInterval is 00:05:00; it must be between 00:00:00.0100000 and 00:01:00")]
    [InlineData("Iam:CredentialReportTimeout", "soon", "Iam:CredentialReportTimeout 'soon' is not valid: expected a duration")]
    [InlineData("IamSimulator:Faults:ThrottleRate", "-0.5", "IamSimulator:Faults:ThrottleRate is -0.5; it must be between 0 and 1.")]
    [InlineData("IamSimulator:Faults:Actions:EnableMfa:ServiceFailureAfter", "0.1", "IamSimulator:Faults:Actions:EnableMfa names no IAM action or KMS operation the simulator serves.")]
    [InlineData("BotFramework:MicrosoftAppType", "Triple", "BotFramework:MicrosoftAppType 'Triple' is not valid: expected one of MultiTenant, SingleTenant, UserAssignedMSI")]
    [InlineData("BotFramework:MaxRequestBodyBytes", "-1", "BotFramework:MaxRequestBodyBytes must be positive")]
    [InlineData("Slack:ApiTimeout", "soon", "Slack:ApiTimeout 'soon' is not valid: expected a duration")]
    [InlineData("Slack:ApiBaseUrl", "ftp://slack.example", "Slack:ApiBaseUrl must be an absolute https URL")]
    [InlineData("Identity:Strategy", "Guess", "Identity:Strategy 'Guess' is not valid: expected one of")]
    [InlineData("Identity:Strategy", "Table", "Identity:Table must list at least one email")]
    [InlineData("Enrollment:Lifetime", "ten", "Enrollment:Lifetime 'ten' is not valid: expected a duration")]
    [InlineData("Enrollment:Lifetime", "00:00:05", "Enrollment:Lifetime must be between 00:01:00 and 01:00:00")]
    [InlineData("Enforcement:GroupName", "no spaces please", "Enforcement:GroupName must be an IAM group name")]
    [InlineData("Resets:ReannounceAfter", "00:00:01", "Resets:ReannounceAfter must be between 00:01:00 and 7.00:00:00")]
    [InlineData("Resets:MaxReasonLength", "lots", "Resets:MaxReasonLength 'lots' is not valid: expected a whole number")]
    [InlineData("Campaigns:SendRatePerSecond", "-1", "Campaigns:SendRatePerSecond must be between")]
    [InlineData("Campaigns:SendRatePerSecond", "fast", "Campaigns:SendRatePerSecond 'fast' is not valid: expected a number")]
    [InlineData("Campaigns:Delivery:ChunkSize", "0", "Campaigns:Delivery:ChunkSize must be between 1 and 1000")]
    [InlineData("Campaigns:PerConversation:0:Window", "1 second", "Campaigns:PerConversation:0:Window '1 second' is not valid: expected a duration")]
    [InlineData("Coverage:ServicePathPrefixes:0", "service", "Coverage:ServicePathPrefixes: every entry must be an IAM path that starts and ends with '/'")]
    [InlineData("Coverage:MaxTagReads", "5", "Coverage:MaxTagReads must be between 20 and 100000")]
    [InlineData("Coverage:ExportLifetime", "soon", "Coverage:ExportLifetime 'soon' is not valid: expected a duration")]
    [InlineData("Coverage:Digest:TimeZone", "Europe/Atlantis", "Coverage:Digest:TimeZone 'Europe/Atlantis' is not a time zone this machine knows")]
    [InlineData("Coverage:Digest:Time", "9am", "Coverage:Digest:Time '9am' is not valid: expected a 24-hour local time as HH:mm")]
    [InlineData("Coverage:Digest:Day", "Funday", "Coverage:Digest:Day 'Funday' is not valid: expected one of Sunday, Monday")]
    [InlineData("Coverage:Digest:CheckInterval", "00:00:00", "Coverage:Digest:CheckInterval must be between")]
    [InlineData("Coverage:Digest:Conversation", "19:security@thread.tacv2", "Coverage:Digest:Address:serviceUrl must be the Bot Connector's absolute https URL")]
    [InlineData("Coverage:TargetPercent", "0", "Coverage:TargetPercent must be between 1 and 100")]
    [InlineData("Coverage:HistoryInterval", "2.00:00:00", "Coverage:HistoryInterval must be between 00:00:01 and 1.00:00:00")]
    [InlineData("ChartImageLifetime", "00:00:10", "ChartImageLifetime must be between 00:01:00 and 90.00:00:00")]
    [InlineData("Storage:Provider", "Oracle", "Storage:Provider must be one of")]
    [InlineData("Secrets:ActiveKeyId", "k9", "Secrets:ActiveKeyId is set but Secrets:Keys is empty")]
    [InlineData("Coordination:LeaseDuration", "00:00:00", "Coordination:LeaseDuration")]
    [InlineData("Operability:ReadinessDetails", "Everyone", "Operability:ReadinessDetails must be one of: Loopback, Always, Never")]
    [InlineData("Secrets:KmsKeyId", "alias/", "Secrets:KmsKeyId")]
    [InlineData("OpenTelemetry:Protocol", "carrier-pigeon", "OpenTelemetry:Protocol 'carrier-pigeon' is unknown")]
    public void A_bad_value_is_one_line_naming_the_setting(string setting, string value, string expected)
    {
        using var folder = new TempFolder(keep: false);
        var problems = Check(folder.Path, Environments.Development, new() { [setting] = value });

        var line = Assert.Single(problems);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    [Fact]
    public void A_secret_that_does_not_convert_is_named_but_not_repeated()
    {
        using var folder = new TempFolder(keep: false);
        var problems = Check(folder.Path, Environments.Development, new() { ["Secrets:KmsTimeout"] = "hunter2-secret" });

        var line = Assert.Single(problems);
        Assert.Equal("Secrets:KmsTimeout is not valid: expected a duration as [d.]hh:mm:ss[.fff], e.g. 00:10:00 for ten minutes or 1.00:00:00 for a day.", line);
    }

    [Fact]
    public void The_demo_passes_in_Development_and_every_problem_is_listed_at_once_in_Production()
    {
        using var folder = new TempFolder(keep: false);
        Assert.Empty(Check(folder.Path, Environments.Development, []));

        var problems = Check(folder.Path, Environments.Production, new() { ["IamSimulator:Embedded"] = "true", ["Enrollment:MaxFailedAttempts"] = "0" });
        Assert.Contains(problems, p => p.StartsWith("IamSimulator:Embedded is true", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("BotFramework:MicrosoftAppId is empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Secrets:KmsKeyId and Secrets:Keys are both empty", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Enrollment:MaxFailedAttempts must be between 1 and 100", StringComparison.Ordinal));
    }

    [Fact]
    public void A_malformed_switch_outside_Development_is_a_line_not_an_exception()
    {
        using var folder = new TempFolder(keep: false);
        var problems = Check(folder.Path, Environments.Production, new() { ["Iam:AllowInsecureHttp"] = "maybe", ["IamSimulator:Embedded"] = "perhaps" });

        Assert.Contains("Iam:AllowInsecureHttp 'maybe' is not valid: expected true or false.", problems);
        Assert.Contains("IamSimulator:Embedded 'perhaps' is not valid: expected true or false.", problems);
    }

    [Fact]
    public void The_catalog_lists_every_options_type_the_bot_binds()
    {
        var builder = WebApplication.CreateBuilder(MfaBotServices.WebOptions([], Environments.Development));
        builder.AddMfaBot();
        var bound = builder.Services
            .Where(d => d.ServiceType.IsGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IOptionsChangeTokenSource<>))
            .Select(d => d.ServiceType.GetGenericArguments()[0])
            .Where(t => t.Namespace?.StartsWith("MfaBot", StringComparison.Ordinal) == true)
            .ToHashSet();

        Assert.Contains(typeof(MfaBot.Iam.IamOptions), bound);
        Assert.Empty(bound.Except(SettingsCatalog.Sections.Select(s => s.Options)));
    }

    private static List<string> Check(string dataFolder, string environment, Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(MfaBotServices.WebOptions([], environment));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>(settings)
        {
            ["Storage:DataFolder"] = dataFolder,
            ["IamSimulator:StateFile"] = Path.Combine(dataFolder, "iam.json"),
        });
        var check = StartupCheck.Begin(builder);
        if (!check.Compose(() => builder.AddMfaBot())) return [.. check.Problems];
        using var app = builder.Build();
        check.Passes(app);
        return [.. check.Problems];
    }
}

using System.Text;
using MfaBot.Coverage;
using MfaBot.Hosting;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.IamSimulator;
using Microsoft.Extensions.DependencyInjection;

namespace MfaBot.Tests.Coverage;

/// <summary>A person enrolls in Teams; the credential report shows their MFA at once (the report's maximum age is zero).</summary>
public sealed class CoverageAfterEnrollmentTests
{
    [Fact]
    public async Task Mfa_active_turns_true_in_the_report_right_after_an_enrollment_through_the_bot()
    {
        await using var h = await EnrollmentHarness.StartAsync(new Dictionary<string, string?>
        {
            ["IamSimulator:CredentialReportMaxAge"] = "00:00:00",
            ["Iam:CredentialReportPollInterval"] = "00:00:00.020",
        });
        var reader = h.Bot.Services.GetRequiredService<ICredentialReportReader>();
        Assert.False((await AlexAsync(reader)).MfaActive);

        await h.EnrollAsync(h.Chat());

        Assert.True((await AlexAsync(reader)).MfaActive);
        // The AWS CLI sees the same through the embedded simulator.
        using var cli = new AwsCli(new Uri(h.Bot.BaseUrl + "/_iam/"), EmbeddedIam.DevelopmentAccessKeyId, EmbeddedIam.DevelopmentSecretAccessKey);
        Assert.Equal("STARTED", (await cli.JsonAsync("iam", "generate-credential-report")).GetProperty("State").GetString());
        Assert.Equal("COMPLETE", (await cli.JsonAsync("iam", "generate-credential-report")).GetProperty("State").GetString());
        var csv = Encoding.UTF8.GetString(Convert.FromBase64String((await cli.JsonAsync("iam", "get-credential-report")).GetProperty("Content").GetString()!));
        Assert.Matches(@"(?m)^alexw@example\.com,arn:aws:iam::123456789012:user/alexw@example\.com,[^,]+,false,N/A,N/A,N/A,true,", csv);
    }

    private static async Task<CredentialRow> AlexAsync(ICredentialReportReader reader)
    {
        await using var inventory = await reader.OpenAsync();
        Assert.Equal(CredentialSource.CredentialReport, inventory.Source);
        return await inventory.Rows.SingleAsync(r => r.UserName == EnrollmentHarness.AlexEmail);
    }
}

using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>The standalone simulator process refuses bad settings with one line each and exit code 1.</summary>
public sealed class StandaloneStartTests
{
    [Fact]
    public async Task Bad_credential_report_settings_stop_the_start_with_one_line_each()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "MfaBot.IamSimulator.dll");
        var result = await ExternalTool.RunAsync("dotnet",
            [dll, "--urls", "http://127.0.0.1:0", "--IamSimulator:CredentialReportMaxAge=2.00:00:00", "--IamSimulator:DeniedActions:0=GetCredentialReports"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(
            [
                "MfaBot.IamSimulator did not start: IamSimulator:CredentialReportMaxAge must be between 00:00:00 and 1.00:00:00.",
                "MfaBot.IamSimulator did not start: IamSimulator:DeniedActions must list IAM operation names the simulator serves, e.g. GetCredentialReport.",
            ],
            result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

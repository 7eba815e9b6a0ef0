using System.Globalization;
using System.Net;
using System.Text;
using CsvHelper;
using MfaBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MfaBot.Tests.IamSimulator;

/// <summary>The credential report as the AWS CLI generates and reads it from the simulator on a real port.</summary>
public sealed class CredentialReportCliTests
{
    private static readonly string[] AwsColumns =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
        "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
        "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
        "cert_2_last_rotated",
    ];

    private static readonly Dictionary<string, string?> MoreUsers = new()
    {
        ["IamSimulator:Users:2:UserName"] = "eng-bob",
        ["IamSimulator:Users:2:Path"] = "/engineering/",
        // IAM user names may hold commas: the CSV must quote them.
        ["IamSimulator:Users:3:UserName"] = "smith,jo",
    };

    [Fact]
    public async Task The_cli_generates_then_reads_the_report_with_AWS_columns_and_the_root_row_first()
    {
        await using var server = await SimulatorServer.StartAsync(MoreUsers);
        using var cli = new AwsCli(server.Endpoint);

        await cli.FailsAsync("ReportNotPresent", "iam", "get-credential-report");
        Assert.Equal("STARTED", (await cli.JsonAsync("iam", "generate-credential-report")).GetProperty("State").GetString());
        await cli.FailsAsync("ReportInProgress", "iam", "get-credential-report");
        Assert.Equal("COMPLETE", (await cli.JsonAsync("iam", "generate-credential-report")).GetProperty("State").GetString());

        var report = await cli.JsonAsync("iam", "get-credential-report");
        Assert.Equal("text/csv", report.GetProperty("ReportFormat").GetString());
        var generated = DateTimeOffset.Parse(report.GetProperty("GeneratedTime").GetString()!, CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - generated, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        var (header, rows) = Csv(report.GetProperty("Content").GetString()!);

        Assert.Equal(AwsColumns, header);
        Assert.Equal(["<root_account>", "alice", "eng-bob", "my-user", "smith,jo"], rows.Select(r => r["user"]));
        var root = rows[0];
        Assert.Equal("arn:aws:iam::123456789012:root", root["arn"]);
        Assert.Equal(("not_supported", "not_supported", "not_supported"), (root["password_enabled"], root["password_last_changed"], root["password_next_rotation"]));
        Assert.Equal("arn:aws:iam::123456789012:user/engineering/eng-bob", rows[2]["arn"]);
        var me = rows[3];
        Assert.Equal(("false", "N/A", "false"), (me["password_enabled"], me["password_last_used"], me["mfa_active"]));
        // my-user signs these requests with its access key: slot 1 is active, slot 2 empty, no certificates.
        Assert.Equal(("true", "false", "false", "N/A"), (me["access_key_1_active"], me["access_key_2_active"], me["cert_1_active"], me["cert_1_last_rotated"]));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$", me["user_creation_time"]);
        Assert.Equal("false", rows[1]["access_key_1_active"]);
    }

    [Fact]
    public async Task A_report_younger_than_the_maximum_age_is_not_regenerated_and_expires_after_it()
    {
        var clock = new ManualClock();
        await using var server = await SimulatorServer.StartAsync(configureServices: s => s.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        using var raw = new RawIam(server.Endpoint) { Clock = clock.GetUtcNow };
        Assert.Equal("STARTED", (await raw.CallAsync("GenerateCredentialReport")).One("State"));
        Assert.Equal("COMPLETE", (await raw.CallAsync("GenerateCredentialReport")).One("State"));
        var first = (await raw.CallAsync("GetCredentialReport")).One("GeneratedTime");

        await EnableDeviceAsync(raw, "my-user");
        clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal("COMPLETE", (await raw.CallAsync("GenerateCredentialReport")).One("State"));
        var reused = await raw.CallAsync("GetCredentialReport");
        Assert.Equal(first, reused.One("GeneratedTime"));
        Assert.Equal("false", Csv(reused.One("Content")!).Rows.Single(r => r["user"] == "my-user")["mfa_active"]);

        clock.Advance(TimeSpan.FromHours(1));
        ValidationTests.AssertError(await raw.CallAsync("GetCredentialReport"), HttpStatusCode.Gone, "ReportExpired");
        Assert.Equal("STARTED", (await raw.CallAsync("GenerateCredentialReport")).One("State"));
        ValidationTests.AssertError(await raw.CallAsync("GetCredentialReport"), HttpStatusCode.NotFound, "ReportInProgress");
        Assert.Equal("COMPLETE", (await raw.CallAsync("GenerateCredentialReport")).One("State"));
        Assert.Equal("true", Csv((await raw.CallAsync("GetCredentialReport")).One("Content")!).Rows.Single(r => r["user"] == "my-user")["mfa_active"]);
    }

    [Fact]
    public async Task With_a_maximum_age_of_zero_mfa_active_turns_true_right_after_a_device_is_enabled()
    {
        await using var server = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:CredentialReportMaxAge"] = "00:00:00" });
        using var cli = new AwsCli(server.Endpoint);
        using var raw = new RawIam(server.Endpoint);

        Assert.Equal("false", (await CliReportAsync(cli)).Single(r => r["user"] == "alice")["mfa_active"]);
        await EnableDeviceAsync(raw, "alice");
        var after = await CliReportAsync(cli);
        Assert.Equal("true", after.Single(r => r["user"] == "alice")["mfa_active"]);
        Assert.Equal("false", after.Single(r => r["user"] == "my-user")["mfa_active"]);
    }

    [Fact]
    public async Task A_denied_operation_is_AccessDenied_naming_the_caller_and_the_action()
    {
        await using var server = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["IamSimulator:DeniedActions:0"] = "GetCredentialReport" });
        using var cli = new AwsCli(server.Endpoint);

        Assert.Equal("STARTED", (await cli.JsonAsync("iam", "generate-credential-report")).GetProperty("State").GetString());
        var error = await cli.FailsAsync("AccessDenied", "iam", "get-credential-report");
        Assert.Contains("User: arn:aws:iam::123456789012:user/my-user is not authorized to perform: iam:GetCredentialReport on resource: *", error, StringComparison.Ordinal);
        await cli.JsonAsync("iam", "list-users");
    }

    /// <summary>generate-credential-report until COMPLETE (as AWS documents), then get-credential-report.</summary>
    private static async Task<List<Dictionary<string, string>>> CliReportAsync(AwsCli cli)
    {
        for (var i = 0; (await cli.JsonAsync("iam", "generate-credential-report")).GetProperty("State").GetString() != "COMPLETE"; i++)
        {
            Assert.True(i < 3, "the report never completed");
        }
        return Csv((await cli.JsonAsync("iam", "get-credential-report")).GetProperty("Content").GetString()!).Rows;
    }

    private static async Task EnableDeviceAsync(RawIam raw, string user)
    {
        var (serial, secret) = await raw.CreateAsync("phone-" + user);
        Assert.Equal(HttpStatusCode.OK, (await raw.EnableAsync(user, serial, secret)).Status);
    }

    private static (string[] Header, List<Dictionary<string, string>> Rows) Csv(string base64)
    {
        using var reader = new CsvReader(new StringReader(Encoding.UTF8.GetString(Convert.FromBase64String(base64))), CultureInfo.InvariantCulture);
        reader.Read();
        reader.ReadHeader();
        var header = reader.HeaderRecord!;
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read()) rows.Add(header.ToDictionary(h => h, h => reader.GetField(h)!));
        return (header, rows);
    }
}

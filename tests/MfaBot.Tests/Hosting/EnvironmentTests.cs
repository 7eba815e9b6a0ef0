using System.Net;
using MfaBot.Hosting;
using MfaBot.LoadTest.Hosting;
using MfaBot.LoadTest.Targets;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Hosting;

/// <summary>
/// The real process as an operator starts it: Production (ASP.NET Core's default, the container's) refuses every demo
/// value with one line naming the setting and exit code 1; Development alone, without the launch profile, is the demo.
/// </summary>
public sealed class EnvironmentTests
{
    private static readonly string BotDll = Path.Combine(AppContext.BaseDirectory, "MfaBot.dll");
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    [Fact]
    public async Task Production_refuses_each_demo_value_on_one_line_of_its_own()
    {
        using var folder = new TempFolder();
        var result = await RunAsync(folder.Path, "Production",
            "--IamSimulator:Embedded=true",
            $"--Iam:AccessKeyId={EmbeddedIam.DevelopmentAccessKeyId}",
            $"--Iam:SecretAccessKey={EmbeddedIam.DevelopmentSecretAccessKey}",
            "--Iam:ServiceUrl=http://iam.internal.example/", "--Iam:AllowInsecureHttp=true");

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, l => Assert.StartsWith("MfaBot did not start: ", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("IamSimulator:Embedded is true", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Iam:AccessKeyId/Iam:SecretAccessKey hold the simulator's published development key pair", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Iam:AllowInsecureHttp lets Iam:ServiceUrl 'http://iam.internal.example/' use plain http", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("BotFramework:MicrosoftAppId is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Secrets:KmsKeyId and Secrets:Keys are both empty", StringComparison.Ordinal));
        Assert.DoesNotContain(EmbeddedIam.DevelopmentSecretAccessKey, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bare_start_is_Production_and_names_what_it_still_needs()
    {
        using var folder = new TempFolder();
        var result = await RunAsync(folder.Path, environment: null);

        Assert.Equal(1, result.ExitCode);
        var lines = Lines(result);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("BotFramework:MicrosoftAppId is empty", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Secrets:KmsKeyId and Secrets:Keys are both empty", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "keys")), "no key ring is written by a refused start");
    }

    [Fact]
    public async Task Production_with_the_required_settings_starts_without_the_simulator_and_reaches_real_iam()
    {
        await using var iam = await SimulatorServer.StartAsync();
        using var folder = new TempFolder();
        await using var bot = await BotProcess.StartAsync(new BotSetup(folder.Path, 0, new Dictionary<string, string>(ProductionSecrets)
        {
            ["BotFramework:MicrosoftAppId"] = "00000000-0000-0000-0000-00000000b07",
            ["BotFramework:MicrosoftAppPassword"] = "not-used-in-this-test",
            ["Iam:ServiceUrl"] = iam.Endpoint.ToString(),
            ["Iam:AccessKeyId"] = SimulatorServer.AccessKeyId,
            ["Iam:SecretAccessKey"] = SimulatorServer.SecretAccessKey,
        }));

        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync(bot.BaseUrl + "/_iam/", new StringContent("Action=ListUsers"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(bot.BaseUrl + "/readyz")).StatusCode);
        Assert.DoesNotContain("Development demo", File.ReadAllText(bot.Setup.LogFile), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Slack_only_deployment_needs_no_Bot_Framework_app_id()
    {
        using var folder = new TempFolder();
        await using var bot = await BotProcess.StartAsync(new BotSetup(folder.Path, 0, new Dictionary<string, string>(ProductionSecrets)
        {
            ["Slack:SigningSecret"] = "0123456789abcdef0123456789abcdef",
            ["Slack:BotToken"] = "xoxb-test",
        }));

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(bot.BaseUrl + "/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.PostAsync(bot.BaseUrl + "/_iam/", new StringContent("Action=ListUsers"))).StatusCode);
    }

    [Fact]
    public async Task Development_alone_without_the_launch_profile_is_the_demo()
    {
        using var folder = new TempFolder();
        await using var bot = await BotProcess.StartAsync(new BotSetup(folder.Path, 0));

        var aws = await ExternalTool.RunAsync(ExternalTool.Aws, ["iam", "list-users", "--endpoint-url", bot.IamUrl],
            ExternalTool.AwsEnvironment(EmbeddedIam.DevelopmentAccessKeyId, EmbeddedIam.DevelopmentSecretAccessKey));
        Assert.True(aws.ExitCode == 0, aws.StdErr);
        Assert.Contains("alexw@example.com", aws.StdOut, StringComparison.Ordinal);

        var console = File.ReadAllText(bot.Setup.LogFile);
        Assert.Contains("MfaBot Development demo: listening on " + bot.BaseUrl, console, StringComparison.Ordinal);
        Assert.Contains($"npx -y {DevelopmentWelcome.PlaygroundPackage} -e {bot.BaseUrl}/api/messages", console, StringComparison.Ordinal);
        Assert.Contains("--endpoint-url " + bot.IamUrl, console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_KMS_key_that_does_not_exist_stops_the_start_with_one_line_after_the_server_listened()
    {
        using var folder = new TempFolder();
        var port = FreePort.Next();
        var result = await ExternalTool.RunAsync("dotnet",
            [BotDll, $"--Urls=http://127.0.0.1:{port}", $"--Storage:DataFolder={folder.Path}", $"--IamSimulator:StateFile={Path.Combine(folder.Path, "iam.json")}",
             "--Secrets:KmsKeyId=alias/nobody-made-this", $"--Secrets:KmsServiceUrl=http://127.0.0.1:{port}{EmbeddedIam.PathPrefix}/"],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, workingDirectory: folder.Path);

        Assert.Equal(1, result.ExitCode);
        var refusal = Assert.Single(Lines(result), l => l.StartsWith("MfaBot did not start: ", StringComparison.Ordinal));
        Assert.Contains("Secrets:KmsKeyId 'alias/nobody-made-this' does not name a KMS key", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(Lines(result), l => l.StartsWith("at ", StringComparison.Ordinal) || l.Contains("Exception:", StringComparison.Ordinal));
    }

    /// <summary>Production with a seed key, as every production start needs one (KMS has its own tests).</summary>
    private static readonly Dictionary<string, string> ProductionSecrets = new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Secrets:Keys:0:Id"] = "k1",
        ["Secrets:Keys:0:Key"] = Convert.ToBase64String(new byte[32]),
        ["Secrets:ActiveKeyId"] = "k1",
    };

    private static Task<ExternalTool.Result> RunAsync(string dataFolder, string? environment, params string[] settings)
    {
        var env = new Dictionary<string, string>();
        if (environment is not null) env["ASPNETCORE_ENVIRONMENT"] = environment;
        return ExternalTool.RunAsync("dotnet", [BotDll, $"--Urls=http://127.0.0.1:{FreePort.Next()}", $"--Storage:DataFolder={dataFolder}", .. settings],
            env, workingDirectory: dataFolder);
    }

    private static string[] Lines(ExternalTool.Result result) =>
        (result.StdOut + result.StdErr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

using System.Text.Json;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.IamSimulator;

/// <summary>Debian's AWS CLI v2 pointed at a simulator, run in a temporary working directory.</summary>
public sealed class AwsCli(Uri endpoint, string accessKeyId = SimulatorServer.AccessKeyId, string secret = SimulatorServer.SecretAccessKey) : IDisposable
{
    public string WorkDir { get; } = Directory.CreateTempSubdirectory("mfabot-cli-").FullName;

    public Task<ExternalTool.Result> RunAsync(params string[] args) =>
        ExternalTool.RunAsync(ExternalTool.Aws, [.. args, "--endpoint-url", endpoint.ToString()],
            ExternalTool.AwsEnvironment(accessKeyId, secret), WorkDir);

    /// <summary>Runs a command that must succeed and returns its JSON output (empty object for none).</summary>
    public async Task<JsonElement> JsonAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == 0, $"aws {string.Join(' ', args)} failed ({result.ExitCode}): {result.StdErr}");
        return JsonDocument.Parse(result.StdOut.Length == 0 ? "{}" : result.StdOut).RootElement.Clone();
    }

    /// <summary>Runs a command that must fail with the given AWS error code.</summary>
    public async Task<string> FailsAsync(string code, params string[] args)
    {
        var result = await RunAsync(args);
        Assert.Equal(254, result.ExitCode);
        Assert.Contains($"({code})", result.StdErr, StringComparison.Ordinal);
        return result.StdErr;
    }

    public void Dispose() => Directory.Delete(WorkDir, recursive: true);
}

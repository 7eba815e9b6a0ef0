using System.Globalization;
using MfaBot.Hosting;
using MfaBot.LoadTest.Channel;
using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// The standalone IAM simulator (src/MfaBot.IamSimulator's own entry point) in its own process, as real IAM is another
/// host: state in memory only (no state file), the bot's development key pair added for the service user "mfabot", one
/// IAM user per <see cref="Person.Numbered"/> person plus <paramref name="extraUsers"/>. Its CPU is not the bot's.
/// </summary>
public sealed class SimulatorProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SimulatorProcess(ChildProcess process) => _process = process;

    /// <summary>The simulator's base URL with a trailing slash (mounted at "/").</summary>
    public string IamUrl => _process.BaseUrl + "/";

    public int Pid => _process.Pid;

    public static async Task<SimulatorProcess> StartAsync(string logFolder, int people, params string[] extraUsers)
    {
        var dll = RepoPaths.SimulatorDll;
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the IAM simulator first ({RepoPaths.Configuration}; building the bot builds it).", dll);
        Directory.CreateDirectory(logFolder);
        // Indexes past the standalone appsettings.json's own users (0, 1) and key (0): the binder merges by index.
        var env = new Dictionary<string, string>
        {
            ["IamSimulator__CodeWindowSteps"] = "2",
            ["IamSimulator__Users__2__UserName"] = "mfabot",
            ["IamSimulator__Users__2__Path"] = "/service/",
            ["IamSimulator__AccessKeys__1__AccessKeyId"] = EmbeddedIam.DevelopmentAccessKeyId,
            ["IamSimulator__AccessKeys__1__SecretAccessKey"] = EmbeddedIam.DevelopmentSecretAccessKey,
            ["IamSimulator__AccessKeys__1__UserName"] = "mfabot",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var next = 3;
        foreach (var user in extraUsers) env[Inv($"IamSimulator__Users__{next++}__UserName")] = user;
        for (var i = 0; i < people; i++) env[Inv($"IamSimulator__Users__{next++}__UserName")] = Person.Numbered(i).Email;
        var port = FreePort.Next();
        // The simulator answers GET / with an IAM error: any answer means it listens.
        var process = await ChildProcess.StartAsync("dotnet", [dll, "--urls", Inv($"http://127.0.0.1:{port}")], port,
            Path.Combine(logFolder, "iam-simulator.log"), env, logFolder, anyAnswer: true);
        return new SimulatorProcess(process);
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

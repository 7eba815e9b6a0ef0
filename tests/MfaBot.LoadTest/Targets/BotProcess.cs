using MfaBot.LoadTest.Channel;
using MfaBot.LeakScan.Recording;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// MfaBot's Development demo: the built dll run with <c>dotnet</c> in its own process, embedded IAM simulator,
/// file storage in <paramref name="DataFolder"/> (the simulator's state file too), logs appended to bot.log there.
/// The simulator gets one IAM user per <see cref="Person.Numbered"/> person. <paramref name="Dll"/>: another MfaBot.dll
/// than this configuration's build output, e.g. a ReadyToRun publish as the Dockerfile makes.
/// </summary>
public sealed record BotSetup(string DataFolder, int People, IReadOnlyDictionary<string, string>? Settings = null, string? Dll = null, string Name = "MfaBot")
{
    public string LogFile => Path.Combine(DataFolder, "bot.log");

    /// <summary>Settings as environment variables (ASP.NET Core's "__" convention).</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Storage__DataFolder"] = DataFolder,
            ["IamSimulator__StateFile"] = Path.Combine(DataFolder, "iam-simulator.json"),
        };
        // Past the users of appsettings.json; the binder appends them to that list.
        for (var i = 0; i < People; i++) env[$"IamSimulator__Users__{1000 + i}__UserName"] = Person.Numbered(i).Email;
        foreach (var (k, v) in Settings ?? new Dictionary<string, string>()) env[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        return env;
    }
}

public sealed class BotProcess : ITarget
{
    private readonly ChildProcess _process;

    private BotProcess(ChildProcess process, BotSetup setup)
    {
        _process = process;
        Setup = setup;
    }

    public BotSetup Setup { get; }

    public string Name => Setup.Name;

    public string BaseUrl => _process.BaseUrl;

    public string MessagesUrl => BaseUrl + "/api/messages";

    /// <summary>The embedded simulator, for an administrator's IAM client.</summary>
    public string IamUrl => BaseUrl + "/_iam/";

    public TimeSpan? ReadyAfter => _process.ReadyAfter;

    public ChildProcess Process => _process;

    /// <summary>Starts the bot on a free port; a restart passes the same setup (same data folder, new port).</summary>
    public static async Task<BotProcess> StartAsync(BotSetup setup)
    {
        Directory.CreateDirectory(setup.DataFolder);
        var dll = setup.Dll ?? RepoPaths.BotDll;
        if (!File.Exists(dll)) throw new FileNotFoundException($"Build the bot first ({RepoPaths.Configuration}).", dll);
        var port = FreePort.Next();
        var process = await ChildProcess.StartAsync("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], port,
            setup.LogFile, setup.Environment(), setup.DataFolder);
        return new BotProcess(process, setup);
    }

    public ProcessMemory? Memory() => _process.Memory();

    public Task KillAsync() => _process.KillAsync();

    /// <summary>Stops the process; in a test run its data folder and bot.log are kept for the suite's secret scan.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        RunArtifacts.Keep(Setup.DataFolder);
    }
}

using System.Diagnostics;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>The Bot Framework SDK's echo bot (npm botbuilder, pinned in botbuilder/package-lock.json) on node.</summary>
public sealed class BotbuilderTarget : ITarget
{
    private readonly ChildProcess _process;

    private BotbuilderTarget(ChildProcess process) => _process = process;

    public string Name => "botbuilder echo";

    public string MessagesUrl => _process.BaseUrl + "/api/messages";

    public TimeSpan? ReadyAfter => _process.ReadyAfter;

    public ProcessMemory? Memory() => _process.Memory();

    public int Pid => _process.Pid;

    public static async Task<BotbuilderTarget> StartAsync(string logFolder)
    {
        var folder = RepoPaths.BotbuilderFolder;
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "botbuilder")))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--prefix", folder]) { UseShellExecute = false })!;
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0) throw new InvalidOperationException("npm ci failed in " + folder);
        }
        var port = FreePort.Next();
        var process = await ChildProcess.StartAsync("node", [Path.Combine(folder, "echo.js"), port.ToString()], port,
            Path.Combine(logFolder, "botbuilder.log"), new Dictionary<string, string> { ["NODE_ENV"] = "production" }, folder);
        return new BotbuilderTarget(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

using System.Globalization;

using MfaBot.LoadTest.Hosting;

namespace MfaBot.LoadTest.Targets;

/// <summary>The echo floor (<see cref="EchoServer"/>) in its own process: this harness's dll started again with <c>serve-echo</c>.</summary>
public sealed class EchoTarget : ITarget
{
    private readonly ChildProcess _process;

    private EchoTarget(ChildProcess process) => _process = process;

    public string Name => "echo floor";

    public string MessagesUrl => _process.BaseUrl + "/api/messages";

    public TimeSpan? ReadyAfter => _process.ReadyAfter;

    public ProcessMemory? Memory() => _process.Memory();

    public int Pid => _process.Pid;

    public static async Task<EchoTarget> StartAsync(string logFolder)
    {
        var port = FreePort.Next();
        var process = await ChildProcess.StartAsync("dotnet", [typeof(EchoServer).Assembly.Location, EchoServer.Command, port.ToString(CultureInfo.InvariantCulture)], port,
            Path.Combine(logFolder, "echo-floor.log"), new Dictionary<string, string>(), logFolder);
        return new EchoTarget(process);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

using System.Globalization;
using System.Text.RegularExpressions;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd.Support;

/// <summary>The Microsoft 365 Agents Playground pointed at the bot: a local Bot Framework channel with Teams' chat UI.</summary>
public sealed partial class PlaygroundProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private PlaygroundProcess(ServerProcess process, int port, string logFile)
    {
        _process = process;
        Port = port;
        LogFile = logFile;
    }

    /// <summary>The port of the page and of the mock connector (the bot's serviceUrl points here).</summary>
    public int Port { get; }

    /// <summary>The chat page (the mock connector shares the port).</summary>
    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/";

    /// <summary>The tool's own log of every activity it exchanged with the bot.</summary>
    public string LogFile { get; }

    /// <param name="port">A port of its own; a restarted playground asks for the one the bot already knows.</param>
    /// <param name="configFile">The playground's YAML configuration (who the current user is); its built-in one when null.</param>
    public static async Task<PlaygroundProcess> StartAsync(string botMessagesUrl, string workFolder, string outputFile,
        int? port = null, string? configFile = null)
    {
        var env = new Dictionary<string, string>
        {
            // No browser of its own and no telemetry: the only connection it makes is to the bot.
            ["TEAMSAPPTESTER_BROWSER"] = "none",
            ["APPLICATION_INSIGHTS_NO_STATSBEAT"] = "true",
        };
        if (configFile is not null) env["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = configFile;
        if (!File.Exists(EndToEndPaths.PlaygroundCli))
            throw new FileNotFoundException("the Microsoft 365 Agents Playground is not installed: run `npm ci --prefix tests/MfaBot.EndToEnd/tool` (./test.sh does)", EndToEndPaths.PlaygroundCli);
        var process = ServerProcess.Start("node",
            [EndToEndPaths.PlaygroundCli, "start", "--disable-telemetry", "-e", botMessagesUrl, "-p", (port ?? FreePort.Next()).ToString(CultureInfo.InvariantCulture)],
            workFolder, outputFile, env);
        try
        {
            // It silently picks another port when the asked one is taken, so the printed one is the truth.
            var listening = await process.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(30));
            var listeningOn = int.Parse(listening.Groups[1].Value, CultureInfo.InvariantCulture);
            if (port is { } asked && listeningOn != asked)
                throw new InvalidOperationException($"the playground was asked for port {asked} (the one the bot knows) but took {listeningOn}");
            return new PlaygroundProcess(process, listeningOn, Path.Combine(workFolder, "devTools", "m365agentsplayground.log"));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    [GeneratedRegex(@"Listening on (\d+)")]
    private static partial Regex ListeningLine();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

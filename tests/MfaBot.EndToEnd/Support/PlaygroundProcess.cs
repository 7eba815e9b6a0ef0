using System.Globalization;
using System.Text.RegularExpressions;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd.Support;

/// <summary>The Microsoft 365 Agents Playground pointed at the bot: a local Bot Framework channel with Teams' chat UI.</summary>
public sealed partial class PlaygroundProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;

    private PlaygroundProcess(ServerProcess process, string url, string logFile)
    {
        _process = process;
        Url = url;
        LogFile = logFile;
    }

    /// <summary>The chat page (the mock connector shares the port).</summary>
    public string Url { get; }

    /// <summary>The tool's own log of every activity it exchanged with the bot.</summary>
    public string LogFile { get; }

    public static async Task<PlaygroundProcess> StartAsync(string botMessagesUrl, string workFolder, string outputFile)
    {
        if (!File.Exists(EndToEndPaths.PlaygroundCli))
            throw new FileNotFoundException("the Microsoft 365 Agents Playground is not installed: run `npm ci --prefix tests/MfaBot.EndToEnd/tool` (./test.sh does)", EndToEndPaths.PlaygroundCli);
        var process = ServerProcess.Start("node",
            [EndToEndPaths.PlaygroundCli, "start", "--disable-telemetry", "-e", botMessagesUrl, "-p", FreePort.Next().ToString(CultureInfo.InvariantCulture)],
            workFolder, outputFile,
            new Dictionary<string, string>
            {
                // No browser of its own and no telemetry: the only connection it makes is to the bot.
                ["TEAMSAPPTESTER_BROWSER"] = "none",
                ["APPLICATION_INSIGHTS_NO_STATSBEAT"] = "true",
            });
        try
        {
            // It silently picks another port when the asked one is taken, so the printed one is the truth.
            var listening = await process.WaitForLineAsync(ListeningLine(), TimeSpan.FromSeconds(30));
            var url = $"http://127.0.0.1:{listening.Groups[1].Value}/";
            return new PlaygroundProcess(process, url, Path.Combine(workFolder, "devTools", "m365agentsplayground.log"));
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

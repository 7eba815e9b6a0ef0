using MfaBot.LeakScan.Recording;
using MfaBot.Tests.Support;

namespace MfaBot.EndToEnd.Support;

/// <summary>MfaBot's Development demo (IAM simulator inside), as a real process on a loopback port.</summary>
public sealed class MfaBotProcess : IAsyncDisposable
{
    private readonly ServerProcess _process;
    private readonly string[] _written;

    private MfaBotProcess(ServerProcess process, string baseUrl, params string[] written)
    {
        _process = process;
        BaseUrl = baseUrl;
        _written = written;
    }

    public string BaseUrl { get; }

    public string MessagesUrl => BaseUrl + "/api/messages";

    /// <summary>The embedded IAM simulator, for the AWS CLI's --endpoint-url.</summary>
    public string IamEndpoint => BaseUrl + "/_iam/";

    /// <summary>Everything the bot has logged so far.</summary>
    public string Log => _process.Output(int.MaxValue);

    /// <param name="settings">Command-line settings after the demo's own (e.g. <c>--Resets:SweepInterval=00:00:01</c>).</param>
    public static async Task<MfaBotProcess> StartAsync(string dataFolder, string logFile, IEnumerable<string> settings)
    {
        if (!File.Exists(EndToEndPaths.MfaBotDll)) throw new FileNotFoundException("build src/MfaBot first", EndToEndPaths.MfaBotDll);
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var process = ServerProcess.Start("dotnet",
            [EndToEndPaths.MfaBotDll, "--urls", baseUrl, $"--Storage:DataFolder={dataFolder}",
             $"--IamSimulator:StateFile={Path.Combine(dataFolder, "iam-simulator.json")}", .. settings],
            dataFolder, logFile, new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" });
        var bot = new MfaBotProcess(process, baseUrl, dataFolder, logFile);
        try
        {
            await bot.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
            return bot;
        }
        catch
        {
            await bot.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* not answering yet */ }
            if (_process.HasExited) throw new InvalidOperationException("MfaBot exited during start:\n" + _process.Output());
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"MfaBot did not answer GET / within {timeout.TotalSeconds} s:\n{_process.Output()}");
            await Task.Delay(200);
        }
    }

    /// <summary>Stops the bot; in a test run its data folder and output are kept for the suite's secret scan.</summary>
    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        foreach (var path in _written) RunArtifacts.Keep(path);
    }
}

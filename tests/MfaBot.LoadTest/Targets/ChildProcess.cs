using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace MfaBot.LoadTest.Targets;

/// <summary>
/// A server started as its own process with stdout and stderr appended to a log file (through <c>sh -c exec</c>,
/// so the pid is the server's own), timed from start to its first successful GET.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process, string baseUrl, string logFile)
    {
        _process = process;
        BaseUrl = baseUrl;
        LogFile = logFile;
    }

    public string BaseUrl { get; }

    public string LogFile { get; }

    public int Pid => _process.Id;

    public TimeSpan ReadyAfter { get; private set; }

    public bool HasExited => _process.HasExited;

    public static async Task<ChildProcess> StartAsync(string fileName, IEnumerable<string> arguments, int port, string logFile,
        IReadOnlyDictionary<string, string> environment, string? workingDirectory = null, TimeSpan? readyTimeout = null, bool anyAnswer = false)
    {
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(logFile)! };
        foreach (var a in (string[])["-c", "exec \"$0\" \"$@\" >>\"$MFABOT_LOADTEST_LOG\" 2>&1", fileName, .. arguments]) start.ArgumentList.Add(a);
        start.Environment["MFABOT_LOADTEST_LOG"] = logFile;
        foreach (var (k, v) in environment) start.Environment[k] = v;

        var clock = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + fileName);
        var child = new ChildProcess(process, $"http://127.0.0.1:{port}", logFile);
        try
        {
            await child.WaitReadyAsync(clock, readyTimeout ?? TimeSpan.FromSeconds(60), anyAnswer);
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
        return child;
    }

    private async Task WaitReadyAsync(Stopwatch clock, TimeSpan timeout, bool anyAnswer)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{BaseUrl} exited with {_process.ExitCode} before it was ready:\n{Tail()}");
            try
            {
                using var response = await http.GetAsync(BaseUrl + "/");
                if (response.IsSuccessStatusCode || anyAnswer)
                {
                    ReadyAfter = clock.Elapsed;
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(5);
        }
        throw new TimeoutException($"{BaseUrl} was not ready within {timeout}:\n{Tail()}");
    }

    public ProcessMemory? Memory() => _process.HasExited ? null : ProcessMemory.Of(_process.Id);

    /// <summary>Threads of the process now (/proc/&lt;pid&gt;/status), or null once it is gone.</summary>
    public int? Threads()
    {
        try
        {
            return File.ReadLines($"/proc/{_process.Id}/status").Where(l => l.StartsWith("Threads:", StringComparison.Ordinal))
                .Select(l => int.Parse(l[8..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>SIGKILL, as <c>kill -9</c>: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited) _process.Kill();
        await _process.WaitForExitAsync();
    }

    public string Tail(int lines = 40) =>
        File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    /// <summary>SIGTERM, as a service manager stops it (the host shuts down and flushes), then SIGKILL after 10 s.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) await term.WaitForExitAsync();
        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MfaBot.EndToEnd.Support;

/// <summary>A long-running child process whose output goes to a log file; stopped with its whole process tree.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly List<string> _lines = [];
    private bool _closed;

    private ServerProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public string Name => Path.GetFileName(_process.StartInfo.FileName);

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string file, IEnumerable<string> args, string workingDirectory, string logFile,
        IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        var process = new Process { StartInfo = psi };
        var server = new ServerProcess(process, new StreamWriter(logFile, append: true) { AutoFlush = true });
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start()) throw new InvalidOperationException($"could not start {file}");
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits for an output line matching <paramref name="pattern"/>; fails fast if the process dies.</summary>
    public async Task<Match> WaitForLineAsync(Regex pattern, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            lock (_lines)
                foreach (var line in _lines)
                    if (pattern.Match(line) is { Success: true } match) return match;
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) before printing /{pattern}/:\n{Output()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{Name} did not print /{pattern}/ within {timeout.TotalSeconds} s:\n{Output()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The last lines printed (all of them with no limit), for error messages and log checks.</summary>
    public string Output(int last = 40)
    {
        lock (_lines) return string.Join('\n', _lines.TakeLast(last));
    }

    private void Append(string? line)
    {
        lock (_lines)
        {
            if (line is null || _closed) return;
            _lines.Add(line);
            _log.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { /* reported by the next run's port or process checks; nothing more to do here */ }
        }
        _process.Dispose();
        lock (_lines)
        {
            _closed = true;
            _log.Dispose();
        }
    }
}

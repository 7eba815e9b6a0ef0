using System.Text;

namespace MfaBot.LeakScan.Recording;

/// <summary>
/// Every log line the tests' loggers see, appended to this process's file under logs/ (they would otherwise live only
/// in memory until the test ends). Buffered, flushed about once a second and at exit.
/// </summary>
public static class RunLog
{
    private static readonly Lock Gate = new();
    private static StreamWriter? _writer;
    private static long _lastFlush;
    private static long _dropped;

    public static bool Enabled => RunFolder.Enabled;

    public static void Write(string line)
    {
        if (!Enabled) return;
        lock (Gate)
        {
            if (!RunFolder.TryUse(line.Length + 1))
            {
                if (_dropped++ == 0) RunFolder.Note("log lines not kept: the artifacts limit was reached");
                return;
            }
            _writer ??= Open();
            _writer.WriteLine(line);
            if (Environment.TickCount64 - _lastFlush > 1000) Flush();
        }
    }

    private static StreamWriter Open()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            lock (Gate) _writer?.Flush();
        };
        return new StreamWriter(RunFolder.NewPath(RunFolder.Logs, "recorded.log"), append: false, new UTF8Encoding(false), 1 << 16);
    }

    private static void Flush()
    {
        _writer!.Flush();
        _lastFlush = Environment.TickCount64;
    }
}

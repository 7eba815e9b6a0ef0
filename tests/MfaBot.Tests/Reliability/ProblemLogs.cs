using System.Collections.Concurrent;
using MfaBot.LeakScan.Recording;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Reliability;

/// <summary>
/// Keeps warnings and errors only, the first 2,000 of each, so that a long run's memory is the bot's, not the log's;
/// many warnings never hide an error. Counts the rest. Every line still goes to the test run's log
/// (<see cref="RunLog"/>) for the suite's secret scan.
/// </summary>
public sealed class ProblemLogs : ILoggerProvider
{
    private const int Kept = 2_000;
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> _problems = new();
    private long _other;
    private int _warnings;
    private int _errors;

    /// <summary>Every error logged, kept or not.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    public IReadOnlyList<string> Errors => [.. _problems.Where(p => p.Level >= LogLevel.Error).Select(p => p.Line)];

    public IReadOnlyList<string> All => [.. _problems.Select(p => p.Line)];

    public long Other => Interlocked.Read(ref _other);

    public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, this);

    public void Dispose() { }

    private sealed class Recorder(string category, ProblemLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            // Every level formatted, as in production, and written to the run log for the suite's secret scan.
            var line = $"{logLevel} {category}: {formatter(state, exception)} {exception}";
            RunLog.Write(line);
            if (logLevel < LogLevel.Warning)
            {
                Interlocked.Increment(ref owner._other);
                return;
            }
            var seen = logLevel >= LogLevel.Error ? Interlocked.Increment(ref owner._errors) : Interlocked.Increment(ref owner._warnings);
            if (seen <= Kept) owner._problems.Enqueue((logLevel, line));
        }
    }
}

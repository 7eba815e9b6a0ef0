using System.Collections.Concurrent;
using MfaBot.LeakScan.Recording;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Reliability;

/// <summary>
/// Keeps the first 200 warnings and the first 200 errors that <paramref name="isExpected"/> does not excuse, and counts
/// the rest: a long run's memory is then the bot's, not the log's (kept lines carry stack traces, and 2,000 of them
/// grew the heap through the whole hostile-payload run), and many warnings never hide an error. Every line still
/// goes to the test run's log (<see cref="RunLog"/>) for the suite's secret scan.
/// </summary>
public sealed class ProblemLogs(Func<string, bool>? isExpected = null) : ILoggerProvider
{
    private const int Kept = 200;
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> _problems = new();
    private int _warnings;
    private int _errors;

    private readonly Func<string, bool> _isExpected = isExpected ?? (_ => false);
    private int _unexpected;

    /// <summary>Every error logged, expected or not, kept or not.</summary>
    public int ErrorCount => Volatile.Read(ref _errors);

    /// <summary>Errors the test did not expect, kept or not.</summary>
    public int UnexpectedErrorCount => Volatile.Read(ref _unexpected);

    /// <summary>The first of the unexpected errors.</summary>
    public IReadOnlyList<string> Errors => [.. _problems.Where(p => p.Level >= LogLevel.Error).Select(p => p.Line)];

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
            if (logLevel < LogLevel.Warning) return;
            if (logLevel >= LogLevel.Error)
            {
                Interlocked.Increment(ref owner._errors);
                if (owner._isExpected(line)) return;
                if (Interlocked.Increment(ref owner._unexpected) <= Kept) owner._problems.Enqueue((logLevel, line));
            }
            else if (Interlocked.Increment(ref owner._warnings) <= Kept) owner._problems.Enqueue((logLevel, line));
        }
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Reliability;

/// <summary>Keeps warnings and errors only, so that a long run's memory is the bot's, not the log's; counts the rest.</summary>
public sealed class ProblemLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Line)> _problems = new();
    private long _other;

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
            if (logLevel < LogLevel.Warning)
            {
                // Formatted anyway, so a secret-bearing formatter would still run as in production.
                _ = formatter(state, exception);
                Interlocked.Increment(ref owner._other);
                return;
            }
            if (owner._problems.Count < 2_000) owner._problems.Enqueue((logLevel, $"{logLevel} {category}: {formatter(state, exception)} {exception}"));
        }
    }
}

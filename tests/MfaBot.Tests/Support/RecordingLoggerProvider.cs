using System.Collections.Concurrent;
using MfaBot.LeakScan.Recording;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Support;

/// <summary>
/// Keeps every log entry at every level — category, rendered message, structured fields, scopes and exception
/// text — so tests can check what was logged and, above all, that no secret was. Every line also goes to the test
/// run's log (<see cref="RunLog"/>) for the suite's secret scan.
/// </summary>
/// <param name="inMemory">False for a logger that only feeds the run's log (a bot whose test reads no log).</param>
public sealed class RecordingLoggerProvider(bool inMemory = true) : ILoggerProvider
{
    /// <summary>Null when there is no run log to feed and nothing kept in memory.</summary>
    public static RecordingLoggerProvider? ForRunLog() => RunLog.Enabled ? new RecordingLoggerProvider(inMemory: false) : null;

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    /// <summary>Each entry (and scope) as one searchable line.</summary>
    public IReadOnlyList<string> Lines => [.. Entries.Select(e => e.ToString())];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private void Add(CapturedLog entry)
    {
        if (inMemory) Entries.Enqueue(entry);
        if (RunLog.Enabled) RunLog.Write(entry.ToString());
    }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Add(new CapturedLog(category, LogLevel.None, $"scope: {state}", new Dictionary<string, object?>(), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.Add(new CapturedLog(category, logLevel, formatter(state, exception), fields.ToDictionary(f => f.Key, f => f.Value), exception?.ToString()));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, string? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}: {Message} | {string.Join(";", Fields.Select(f => $"{f.Key}={f.Value}"))} | {Exception}";
}

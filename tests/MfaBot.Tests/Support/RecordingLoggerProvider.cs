using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Support;

/// <summary>
/// Keeps every log entry at every level — category, rendered message, structured fields, scopes and exception
/// text — so tests can check what was logged and, above all, that no secret was.
/// </summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    /// <summary>Each entry (and scope) as one searchable line.</summary>
    public IReadOnlyList<string> Lines => [.. Entries.Select(e => e.ToString())];

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public void Dispose() { }

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull
        {
            owner.Entries.Enqueue(new CapturedLog(category, LogLevel.None, $"scope: {state}", new Dictionary<string, object?>(), null));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            owner.Entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), fields.ToDictionary(f => f.Key, f => f.Value), exception?.ToString()));
        }
    }
}

public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, string? Exception)
{
    public override string ToString() =>
        $"{Level} {Category}: {Message} | {string.Join(";", Fields.Select(f => $"{f.Key}={f.Value}"))} | {Exception}";
}

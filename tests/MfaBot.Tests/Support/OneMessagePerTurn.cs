using System.Collections.Concurrent;
using MfaBot.Conversation;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Support;

/// <summary>
/// Watches a bot for turns that answered with more than one new message (the router's warning). Every test bot has
/// one, so any test that drives a turn also checks that the person got one answer to it.
/// </summary>
public sealed class OneMessagePerTurn : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _offences = new();

    public ILogger CreateLogger(string categoryName) => new Watcher(this);

    /// <summary>Throws naming the turns that posted several messages.</summary>
    public void Check()
    {
        if (!_offences.IsEmpty)
            throw new InvalidOperationException("A turn answered with more than one new message:\n" + string.Join("\n", _offences));
    }

    public void Dispose() { }

    private sealed class Watcher(OneMessagePerTurn owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == Router.SeveralMessagesEvent) owner._offences.Enqueue(formatter(state, exception));
        }
    }
}

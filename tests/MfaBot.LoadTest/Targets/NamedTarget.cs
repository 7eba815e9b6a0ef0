namespace MfaBot.LoadTest.Targets;

/// <summary>The same running target under another row name ("MfaBot help"), so one bot process serves several sweeps.</summary>
public sealed class NamedTarget(ITarget inner, string name) : ITarget
{
    public ITarget Inner => inner;

    public string Name => name;

    public string MessagesUrl => inner.MessagesUrl;

    public TimeSpan? ReadyAfter => inner.ReadyAfter;

    public ProcessMemory? Memory() => inner.Memory();

    /// <summary>The inner target's owner disposes it.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

namespace MfaBot.Tests.Support;

/// <summary>A clock that moves only when the test says so (see <see cref="ManualClock"/> for real time plus an offset).</summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

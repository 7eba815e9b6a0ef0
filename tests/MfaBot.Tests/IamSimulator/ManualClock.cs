namespace MfaBot.Tests.IamSimulator;

/// <summary>A clock the test moves by hand, injected into the simulator as its TimeProvider.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}

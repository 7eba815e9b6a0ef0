namespace MfaBot.EndToEnd.Support;

/// <summary>
/// Every end-to-end class is in this one collection: its scenarios run one after the other, so two playgrounds,
/// bots and browsers never share the machine's CPUs (or the playground's fixed demo ports) at once.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OnePlayground
{
    public const string Name = "One playground at a time";
}

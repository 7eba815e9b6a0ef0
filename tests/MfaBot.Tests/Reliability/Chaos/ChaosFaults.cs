namespace MfaBot.Tests.Reliability.Chaos;

/// <summary>
/// The simulator's faults for a chaos run: <paramref name="failRate"/> of every IAM call fails, a third of those after
/// the action was applied. Draws are independent, so each kind gets the rate that makes the totals come out: before
/// the action 1 − Π(1 − r) = ⅔·f over the five kinds; after it, among the calls that got that far, ⅓·f / (1 − ⅔·f).
/// </summary>
public static class ChaosFaults
{
    private static readonly string[] Kinds = ["throttling", "serviceFailure", "serviceUnavailable", "timeout", "connectionReset"];

    public static Dictionary<string, object> For(double failRate, int latencyMs)
    {
        var before = failRate * 2 / 3;
        var after = failRate / 3 / (1 - before);
        var rates = new Dictionary<string, object> { ["addedLatencyMs"] = latencyMs };
        foreach (var kind in Kinds)
        {
            rates[kind] = Each(before);
            rates[kind + "After"] = Each(after);
        }
        return new Dictionary<string, object> { ["default"] = rates };
    }

    private static double Each(double total) => 1 - Math.Pow(1 - total, 1.0 / Kinds.Length);
}

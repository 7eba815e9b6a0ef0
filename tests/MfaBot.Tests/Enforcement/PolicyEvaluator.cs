using System.Text.Json;
using System.Text.RegularExpressions;

namespace MfaBot.Tests.Enforcement;

/// <summary>
/// Just enough of IAM's policy evaluation to judge a deny-only policy: Action/NotAction with wildcards (case-insensitive),
/// Resource "*", and the Bool / BoolIfExists condition operators. The request context holds keys such as
/// aws:MultiFactorAuthPresent; a key that is absent (long-term access keys) makes Bool false and BoolIfExists true.
/// </summary>
public static class PolicyEvaluator
{
    public static bool IsDenied(JsonElement policy, string action, IReadOnlyDictionary<string, string> context) =>
        Statements(policy).Any(s => s.GetProperty("Effect").GetString() == "Deny" && ActionMatches(s, action) && ConditionsHold(s, context));

    public static IEnumerable<JsonElement> Statements(JsonElement policy) =>
        policy.GetProperty("Statement") is { ValueKind: JsonValueKind.Array } list ? list.EnumerateArray() : [policy.GetProperty("Statement")];

    private static bool ActionMatches(JsonElement statement, string action)
    {
        if (statement.TryGetProperty("Action", out var listed)) return Strings(listed).Any(p => Glob(p, action));
        return !Strings(statement.GetProperty("NotAction")).Any(p => Glob(p, action));
    }

    private static bool ConditionsHold(JsonElement statement, IReadOnlyDictionary<string, string> context)
    {
        if (!statement.TryGetProperty("Condition", out var conditions)) return true;
        foreach (var op in conditions.EnumerateObject())
        {
            foreach (var key in op.Value.EnumerateObject())
            {
                var present = context.TryGetValue(key.Name, out var actual);
                var holds = op.Name switch
                {
                    "Bool" => present && Strings(key.Value).Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
                    "BoolIfExists" => !present || Strings(key.Value).Any(v => string.Equals(v, actual, StringComparison.OrdinalIgnoreCase)),
                    _ => throw new NotSupportedException($"condition operator {op.Name}"),
                };
                if (!holds) return false;
            }
        }
        return true;
    }

    private static IEnumerable<string> Strings(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().Select(v => v.GetString()!) : [value.GetString()!];

    private static bool Glob(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
}

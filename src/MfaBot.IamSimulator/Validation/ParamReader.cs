using System.Globalization;
using MfaBot.IamSimulator.Protocol;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Validation;

/// <summary>
/// Reads an operation's parameters against its shapes, collecting every violation the way AWS reports them:
/// "2 validation errors detected: Value 'x' at 'userName' failed to satisfy constraint: …; …".
/// </summary>
public sealed class ParamReader(QueryRequest request)
{
    private readonly List<string> _errors = [];

    /// <summary>A required string; "" when missing (the error is recorded, call <see cref="ThrowIfInvalid"/>).</summary>
    public string Required(string param, StringShape shape) => Optional(param, shape, required: true) ?? "";

    public string? Optional(string param, StringShape shape) => Optional(param, shape, required: false);

    public int? MaxItems()
    {
        var raw = request.Get("MaxItems");
        if (raw is null) return null;
        if (!int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            Fail(Describe("maxItems", raw, false), "Member must be a number");
            return null;
        }
        if (value < Shapes.MaxItemsMin) Fail(Describe("maxItems", raw, false), $"Member must have value greater than or equal to {Shapes.MaxItemsMin}");
        if (value > Shapes.MaxItemsMax) Fail(Describe("maxItems", raw, false), $"Member must have value less than or equal to {Shapes.MaxItemsMax}");
        return value;
    }

    public string? Enum(string param, IReadOnlyList<string> allowed)
    {
        var raw = request.Get(param);
        if (raw is null || allowed.Contains(raw)) return raw;
        Fail(Describe(MemberName(param), raw, false), $"Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        return null;
    }

    /// <summary>Tags.member.N.Key / .Value; null when the list is absent.</summary>
    public List<Tag>? Tags(string param, bool required)
    {
        var members = request.Members(param);
        if (members.Count == 0)
        {
            if (required) Fail($"Value null at '{MemberName(param)}'", "Member must not be null");
            return required ? [] : null;
        }
        if (members.Count > Shapes.MaxTags)
            Fail($"Value at '{MemberName(param)}'", $"Member must have length less than or equal to {Shapes.MaxTags}");
        var tags = new List<Tag>();
        foreach (var (index, fields) in members)
        {
            var at = $"{MemberName(param)}.{index}.member";
            var key = Check($"{at}.key", fields.GetValueOrDefault("Key"), Shapes.TagKey, required: true);
            var value = Check($"{at}.value", fields.GetValueOrDefault("Value"), Shapes.TagValue, required: true);
            if (key is not null && value is not null) tags.Add(new Tag(key, value));
        }
        return tags;
    }

    public void ThrowIfInvalid()
    {
        if (_errors.Count == 0) return;
        var noun = _errors.Count == 1 ? "error" : "errors";
        throw IamException.Validation($"{_errors.Count} validation {noun} detected: {string.Join("; ", _errors)}");
    }

    private string? Optional(string param, StringShape shape, bool required) =>
        Check(MemberName(param), request.Get(param), shape, required);

    private string? Check(string member, string? value, StringShape shape, bool required)
    {
        if (value is null)
        {
            if (required) Fail($"Value null at '{member}'", "Member must not be null");
            return null;
        }
        var before = _errors.Count;
        var subject = Describe(member, value, shape.Sensitive);
        if (shape.Pattern is not null && value.Length > 0 && !shape.Pattern.IsMatch(value))
            Fail(subject, $"Member must satisfy regular expression pattern: {shape.AwsPattern}");
        if (value.Length < shape.Min) Fail(subject, $"Member must have length greater than or equal to {shape.Min}");
        if (value.Length > shape.Max) Fail(subject, $"Member must have length less than or equal to {shape.Max}");
        return _errors.Count == before ? value : null;
    }

    private void Fail(string subject, string constraint) => _errors.Add($"{subject} failed to satisfy constraint: {constraint}");

    // Long values are cut so that an error reply stays small.
    private static string Describe(string member, string value, bool sensitive) =>
        sensitive ? $"Value at '{member}'" : $"Value '{(value.Length > 300 ? value[..300] + "…" : value)}' at '{member}'";

    /// <summary>AWS names members in messages with a lower-case first letter: UserName → userName.</summary>
    private static string MemberName(string param) => char.ToLowerInvariant(param[0]) + param[1..];
}

using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MfaBot.Channels;

namespace MfaBot.Cards;

/// <summary>
/// Binds a JSON template with data: the subset of Adaptive Card Templating that MfaBot's cards use.
/// <list type="bullet">
/// <item>A string that is exactly <c>${path}</c> becomes the data value with its JSON type; when the value is
/// missing or null the property (or array element) is removed.</item>
/// <item><c>${path}</c> inside a longer string becomes the value's text (strings as is, other values as JSON
/// text); a missing value becomes "". Substitution is one pass: text coming from data is never expanded again.</item>
/// <item>Paths are dotted (<c>a.b.c</c>, numeric segments index arrays) and resolve against the current scope;
/// <c>$root.x</c> resolves against the root data and <c>$data</c> is the current scope itself.
/// <c>${!path}</c> is the boolean negation of the value's truthiness.</item>
/// <item>An object with <c>"$when"</c> is dropped unless the value is truthy (not missing, null, false, "" or an
/// empty array); the key itself never reaches the output.</item>
/// <item>An array element object with <c>"$data": "${path}"</c> is repeated once per item of that array, each
/// with the item as scope (once for an object value, not at all for a missing one); <c>$when</c> is then
/// evaluated per item.</item>
/// </list>
/// Data values are copied in as JSON nodes, never spliced into JSON text, so user text cannot add card elements.
/// The template is a read-only <see cref="JsonElement"/>: binding cannot change it.
/// </summary>
public static partial class TemplateBinder
{
    private const string WhenKey = "$when";
    private const string DataKey = "$data";

    [GeneratedRegex(@"\$\{(!?)((?:\$root|\$data|[A-Za-z_][A-Za-z0-9_]*)(?:\.[A-Za-z0-9_]+)*)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Expression();

    private readonly record struct Scope(JsonNode? Data, JsonNode Root);

    public static JsonObject Bind(JsonElement template, JsonObject data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (template.ValueKind != JsonValueKind.Object)
            throw new ArgumentException("a card template must be a JSON object", nameof(template));
        return BindObject(template, new Scope(data, data), repeated: false)
            ?? throw new InvalidOperationException("the template's root object was dropped by its own $when");
    }

    /// <summary>
    /// True when binding <paramref name="template"/> gives the template itself whatever the data: no string holds
    /// <c>${</c> and no object has <c>$when</c> or <c>$data</c>. Such a template (the help card) need not be bound per turn.
    /// </summary>
    public static bool IsFixed(JsonElement template) => template.ValueKind switch
    {
        JsonValueKind.Object => template.EnumerateObject().All(p => !p.NameEquals(WhenKey) && !p.NameEquals(DataKey) && IsFixed(p.Value)),
        JsonValueKind.Array => template.EnumerateArray().All(IsFixed),
        JsonValueKind.String => !template.GetString()!.Contains("${", StringComparison.Ordinal),
        _ => true,
    };

    private static JsonObject? BindObject(JsonElement template, Scope scope, bool repeated)
    {
        if (template.TryGetProperty(WhenKey, out var when) && !IsTruthy(BindValue(when, scope, out var whenValue) ? whenValue : null))
            return null;
        var result = new JsonObject();
        foreach (var property in template.EnumerateObject())
        {
            if (property.NameEquals(WhenKey) || (repeated && property.NameEquals(DataKey))) continue;
            if (property.NameEquals(DataKey))
                throw new InvalidOperationException("\"$data\" is supported only on objects that are array elements");
            if (BindValue(property.Value, scope, out var bound)) result[property.Name] = bound;
        }
        return result;
    }

    private static JsonArray BindArray(JsonElement template, Scope scope)
    {
        var result = new JsonArray();
        foreach (var item in template.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty(DataKey, out var source))
            {
                foreach (var itemScope in Repeat(source, scope))
                    if (BindObject(item, itemScope, repeated: true) is { } copy) result.Add(copy);
            }
            else if (BindValue(item, scope, out var bound))
            {
                result.Add(bound);
            }
        }
        return result;
    }

    private static IEnumerable<Scope> Repeat(JsonElement source, Scope scope)
    {
        BindValue(source, scope, out var items);
        return items switch
        {
            JsonArray array => array.Select(item => scope with { Data = item }),
            JsonObject single => [scope with { Data = single }],
            _ => [],
        };
    }

    /// <summary>Binds one template value; false means "leave it out" (a whole-value expression with no value).</summary>
    private static bool BindValue(JsonElement template, Scope scope, out JsonNode? bound)
    {
        bound = null;
        switch (template.ValueKind)
        {
            case JsonValueKind.Object:
                bound = BindObject(template, scope, repeated: false);
                return bound is not null;
            case JsonValueKind.Array:
                bound = BindArray(template, scope);
                return true;
            case JsonValueKind.String:
                return BindString(template.GetString()!, scope, out bound);
            case JsonValueKind.Null:
                return true;
            default:
                // A clone, so the result never depends on the template's document staying alive.
                bound = JsonValue.Create(template.Clone());
                return true;
        }
    }

    private static bool BindString(string text, Scope scope, out JsonNode? bound)
    {
        // Most of a card is fixed text: no expression to look for.
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            bound = JsonValue.Create(text);
            return true;
        }
        var whole = Expression().Match(text);
        if (whole.Success && whole.Length == text.Length)
        {
            bound = Evaluate(whole, scope)?.DeepClone();
            return bound is not null;
        }
        bound = JsonValue.Create(Expression().Replace(text, match => TextOf(Evaluate(match, scope))));
        return true;
    }

    private static JsonNode? Evaluate(Match expression, Scope scope)
    {
        var value = Resolve(expression.Groups[2].Value, scope);
        return expression.Groups[1].Length > 0 ? JsonValue.Create(!IsTruthy(value)) : value;
    }

    private static JsonNode? Resolve(string path, Scope scope)
    {
        var segments = path.Split('.');
        var (node, start) = segments[0] switch
        {
            "$root" => (scope.Root, 1),
            "$data" => (scope.Data, 1),
            _ => (scope.Data, 0),
        };
        foreach (var segment in segments.AsSpan(start))
        {
            node = node switch
            {
                JsonObject o => o.TryGetPropertyValue(segment, out var child) ? child : null,
                JsonArray a when int.TryParse(segment, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    private static string TextOf(JsonNode? value) => value is null ? "" : value.StringOrNull() ?? value.ToJsonString();

    private static bool IsTruthy(JsonNode? value) => value switch
    {
        null => false,
        JsonArray a => a.Count > 0,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            _ => true,
        },
        _ => true,
    };
}

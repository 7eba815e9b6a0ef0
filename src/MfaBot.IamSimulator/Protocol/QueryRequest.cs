using Microsoft.AspNetCore.WebUtilities;

namespace MfaBot.IamSimulator.Protocol;

/// <summary>The form parameters of one Query API call (URL query and body merged, body wins).</summary>
public sealed class QueryRequest
{
    public const string ApiVersion = "2010-05-08";

    private readonly Dictionary<string, string> _values;

    private QueryRequest(Dictionary<string, string> values) => _values = values;

    public string? Action => Get("Action");

    public string? Version => Get("Version");

    public IReadOnlyDictionary<string, string> Values => _values;

    public static QueryRequest Parse(string queryString, string body)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in new[] { queryString, body })
        {
            foreach (var (key, value) in QueryHelpers.ParseNullableQuery(source) ?? [])
                values[key] = value.Count > 0 ? value[^1] ?? "" : "";
        }
        return new QueryRequest(values);
    }

    public string? Get(string name) => _values.TryGetValue(name, out var v) ? v : null;

    /// <summary>Indexed list members such as Tags.member.3.Key, keyed by index, in index order.</summary>
    public SortedDictionary<int, Dictionary<string, string>> Members(string listName)
    {
        var prefix = listName + ".member.";
        var result = new SortedDictionary<int, Dictionary<string, string>>();
        foreach (var (key, value) in _values)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            var rest = key[prefix.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0 || !int.TryParse(rest[..dot], System.Globalization.NumberStyles.None, null, out var index) || index < 1) continue;
            if (!result.TryGetValue(index, out var fields)) result[index] = fields = new Dictionary<string, string>(StringComparer.Ordinal);
            fields[rest[(dot + 1)..]] = value;
        }
        return result;
    }
}

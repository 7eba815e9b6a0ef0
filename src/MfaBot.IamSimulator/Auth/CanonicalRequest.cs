using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace MfaBot.IamSimulator.Auth;

/// <summary>The SigV4 canonical request, rebuilt from what arrived on the wire.</summary>
internal static partial class CanonicalRequest
{
    public static string Build(HttpRequest request, IReadOnlyList<string> signedHeaders, string payloadHash)
    {
        var text = new StringBuilder();
        text.Append(request.Method).Append('\n');
        text.Append(Path(request.PathBase.Add(request.Path).Value)).Append('\n');
        text.Append(Query(request.QueryString.Value)).Append('\n');
        foreach (var name in signedHeaders)
            text.Append(name).Append(':').Append(HeaderValue(request.Headers[name])).Append('\n');
        text.Append('\n');
        text.Append(string.Join(';', signedHeaders)).Append('\n');
        text.Append(payloadHash);
        return text.ToString();
    }

    /// <summary>Services other than S3 encode the already-encoded path once more.</summary>
    private static string Path(string? path)
    {
        if (string.IsNullOrEmpty(path)) return "/";
        return string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(Uri.EscapeDataString(segment))));
    }

    private static string Query(string? query)
    {
        if (string.IsNullOrEmpty(query) || query == "?") return "";
        var pairs = query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(p[0]), Value: Encode(p.Length > 1 ? p[1] : "")))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    private static string Encode(string raw) => Uri.EscapeDataString(Uri.UnescapeDataString(raw.Replace('+', ' ')));

    private static string HeaderValue(IEnumerable<string?> values) =>
        string.Join(',', values.Select(v => Spaces().Replace((v ?? "").Trim(), " ")));

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}

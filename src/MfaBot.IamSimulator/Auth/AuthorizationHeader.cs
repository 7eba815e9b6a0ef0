using MfaBot.IamSimulator.Protocol;

namespace MfaBot.IamSimulator.Auth;

/// <summary>The parts of "AWS4-HMAC-SHA256 Credential=AKID/date/region/service/aws4_request, SignedHeaders=…, Signature=…".</summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId, string ScopeDate, string Region, string Service, string Terminator,
    IReadOnlyList<string> SignedHeaders, string Signature)
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public string Scope => $"{ScopeDate}/{Region}/{Service}/{Terminator}";

    public static AuthorizationHeader Parse(string header)
    {
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            throw IamException.IncompleteSignature($"Authorization header requires the {Algorithm} algorithm.");
        var parts = header[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .GroupBy(p => p[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last()[1], StringComparer.Ordinal);
        var missing = new[] { "Credential", "SignedHeaders", "Signature" }.Where(n => !parts.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw IamException.IncompleteSignature(string.Concat(missing.Select(n => $"Authorization header requires '{n}' parameter. ")).TrimEnd());
        var credential = parts["Credential"].Split('/');
        if (credential.Length != 5 || credential.Any(c => c.Length == 0))
            throw IamException.IncompleteSignature($"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '{parts["Credential"]}'");
        var signed = parts["SignedHeaders"].Split(';', StringSplitOptions.RemoveEmptyEntries).Select(h => h.ToLowerInvariant()).ToList();
        return new AuthorizationHeader(credential[0], credential[1], credential[2], credential[3], credential[4], signed, parts["Signature"]);
    }
}

namespace MfaBot.Coverage.Report;

/// <summary>A human IAM user without MFA, with what makes it risky (from the credential report; tags come later).</summary>
public sealed record Unprotected(string UserName, string? Path, bool? ConsolePassword, bool ActiveAccessKey, bool PrivilegedPath,
    DateTimeOffset? LastUsed, DateTimeOffset? Created)
{
    /// <summary>
    /// The riskiest first: a console password, then active access keys, then a privileged path; within each, the longest
    /// unused first (never used counts as unused since creation), since a forgotten credential is the one nobody watches.
    /// </summary>
    public static IComparer<Unprotected> RiskiestFirst { get; } = Comparer<Unprotected>.Create((a, b) =>
    {
        var c = (b.ConsolePassword == true).CompareTo(a.ConsolePassword == true);
        if (c == 0) c = b.ActiveAccessKey.CompareTo(a.ActiveAccessKey);
        if (c == 0) c = b.PrivilegedPath.CompareTo(a.PrivilegedPath);
        if (c == 0) c = Nullable.Compare(a.LastUsed ?? a.Created, b.LastUsed ?? b.Created);
        return c != 0 ? c : string.CompareOrdinal(a.UserName, b.UserName);
    });

    /// <summary>Why this user is listed, for the card and the CSV: "console password, active access key, privileged path".</summary>
    public string Reason(bool privilegedTag)
    {
        var parts = new List<string>(4);
        if (ConsolePassword == true) parts.Add("console password");
        if (ActiveAccessKey) parts.Add("active access key");
        if (PrivilegedPath) parts.Add("privileged path " + Path);
        if (privilegedTag) parts.Add("privileged tag");
        if (parts.Count == 0) parts.Add(LastUsed is null ? "never used" : "unused");
        return "no MFA: " + string.Join(", ", parts);
    }
}

/// <summary>One reading of the account: counts of human users and those without MFA, riskiest first.</summary>
public sealed record CoverageResult(int Humans, int WithMfa, int ServiceUsers, IReadOnlyList<Unprotected> Unprotected,
    CredentialSource Source, DateTimeOffset? AsOf)
{
    /// <summary>The first users with MFA in report order, at most Coverage:MaxTagReads of them (for team counts).</summary>
    public IReadOnlyList<string> Protected { get; init; } = [];
}

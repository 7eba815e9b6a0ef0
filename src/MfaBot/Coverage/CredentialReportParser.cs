using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;

namespace MfaBot.Coverage;

/// <summary>
/// Parses the credential report's CSV row by row (CsvHelper reads ahead a buffer, never the whole report). Columns are
/// found by name, so columns IAM adds later are ignored; one of the columns used going missing is an error.
/// </summary>
public static class CredentialReportParser
{
    private static readonly CsvConfiguration Config = new(CultureInfo.InvariantCulture) { HasHeaderRecord = true };

    public static async IAsyncEnumerable<CredentialRow> ParseAsync(Stream csv, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var text = new StreamReader(csv, leaveOpen: true);
        using var reader = new CsvReader(text, Config);
        if (!await reader.ReadAsync()) yield break;
        reader.ReadHeader();
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Row(reader);
        }
    }

    private static CredentialRow Row(CsvReader r)
    {
        var arn = Text(r, "arn") ?? throw new FormatException($"Credential report row {r.Parser.Row} has no arn.");
        var user = Text(r, "user") ?? throw new FormatException($"Credential report row {r.Parser.Row} has no user.");
        return new CredentialRow(user, arn, PathOf(arn), Time(r, "user_creation_time"), Bool(r, "password_enabled"),
            Time(r, "password_last_used"), Bool(r, "mfa_active") ?? false, Key(r, 1), Key(r, 2));
    }

    private static AccessKeyUse Key(CsvReader r, int n) =>
        new(Bool(r, $"access_key_{n}_active") ?? false, Time(r, $"access_key_{n}_last_rotated"), Time(r, $"access_key_{n}_last_used_date"),
            Text(r, $"access_key_{n}_last_used_region"), Text(r, $"access_key_{n}_last_used_service"));

    /// <summary>The value, or null for the report's markers of an unknown or inapplicable value.</summary>
    private static string? Text(CsvReader r, string column)
    {
        var value = r.GetField(column);
        return value is null or "" or "N/A" or "not_supported" or "no_information" ? null : value;
    }

    private static bool? Bool(CsvReader r, string column) => Text(r, column) switch
    {
        null => null,
        var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var v => throw new FormatException($"Credential report column {column} holds '{v}', not true or false."),
    };

    private static DateTimeOffset? Time(CsvReader r, string column) => Text(r, column) is { } v
        ? DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
        : null;

    /// <summary>"arn:aws:iam::123456789012:user/engineering/bob" → "/engineering/"; null for the root's ARN.</summary>
    internal static string? PathOf(string arn)
    {
        var at = arn.IndexOf(":user/", StringComparison.Ordinal);
        if (at < 0) return null;
        var resource = arn[(at + ":user".Length)..];
        return resource[..(resource.LastIndexOf('/') + 1)];
    }
}

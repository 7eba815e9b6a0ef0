using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;
using CsvHelper.Configuration;

namespace MfaBot.Coverage;

/// <summary>
/// Parses the credential report's CSV row by row (CsvHelper reads ahead a buffer, never the whole report). Columns are
/// found by name once, from the header, so columns IAM adds later are ignored; a column used going missing is an error.
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
        var columns = new Columns(reader);
        while (await reader.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return columns.Row(reader.Parser);
        }
    }

    /// <summary>"arn:aws:iam::123456789012:user/engineering/bob" → "/engineering/"; null for the root's ARN.</summary>
    internal static string? PathOf(string arn)
    {
        var at = arn.IndexOf(":user/", StringComparison.Ordinal);
        if (at < 0) return null;
        var resource = arn[(at + ":user".Length)..];
        return resource[..(resource.LastIndexOf('/') + 1)];
    }

    /// <summary>The positions of the columns read, resolved from the header.</summary>
    private sealed class Columns(CsvReader header)
    {
        private readonly int _user = Index(header, "user"), _arn = Index(header, "arn"), _created = Index(header, "user_creation_time"),
            _passwordEnabled = Index(header, "password_enabled"), _passwordLastUsed = Index(header, "password_last_used"),
            _mfaActive = Index(header, "mfa_active");

        private readonly int[][] _keys = [KeyColumns(header, 1), KeyColumns(header, 2)];

        public CredentialRow Row(IParser p)
        {
            var arn = Text(p, _arn) ?? throw new FormatException($"Credential report row {p.Row} has no arn.");
            var user = Text(p, _user) ?? throw new FormatException($"Credential report row {p.Row} has no user.");
            return new CredentialRow(user, arn, PathOf(arn), Time(p, _created), Bool(p, _passwordEnabled), Time(p, _passwordLastUsed),
                Bool(p, _mfaActive) ?? false, Key(p, _keys[0]), Key(p, _keys[1]));
        }

        private static int[] KeyColumns(CsvReader header, int n) =>
            [.. new[] { "active", "last_rotated", "last_used_date", "last_used_region", "last_used_service" }.Select(c => Index(header, $"access_key_{n}_{c}"))];

        private static int Index(CsvReader header, string column)
        {
            var index = header.GetFieldIndex(column, isTryGet: true);
            return index >= 0 ? index : throw new FormatException($"The credential report has no column {column}.");
        }

        private static AccessKeyUse Key(IParser p, int[] c) =>
            new(Bool(p, c[0]) ?? false, Time(p, c[1]), Time(p, c[2]), Text(p, c[3]), Text(p, c[4]));

        /// <summary>The value, or null for the report's markers of an unknown or inapplicable value.</summary>
        private static string? Text(IParser p, int index)
        {
            var value = index < p.Count ? p[index] : null;
            return value is null or "" or "N/A" or "not_supported" or "no_information" ? null : value;
        }

        private static bool? Bool(IParser p, int index) => Text(p, index) switch
        {
            null => null,
            var v when v.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
            var v when v.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
            var v => throw new FormatException($"Credential report row {p.Row}, column {index + 1} holds '{v}', not true or false."),
        };

        private static DateTimeOffset? Time(IParser p, int index) => Text(p, index) is { } v
            ? DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
            : null;
    }
}

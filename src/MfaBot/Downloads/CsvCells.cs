namespace MfaBot.Downloads;

/// <summary>Cell values safe to open in a spreadsheet.</summary>
public static class CsvCells
{
    /// <summary>A leading = + - @ (or tab, CR) would make a spreadsheet run the cell as a formula: prefix a quote.</summary>
    public static string Safe(string? value) => value is { Length: > 0 } v && "=+-@\t\r".Contains(v[0], StringComparison.Ordinal) ? "'" + v : value ?? "";
}

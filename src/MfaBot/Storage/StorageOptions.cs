using Microsoft.Extensions.Options;

namespace MfaBot.Storage;

/// <summary>Settings of section "Storage"; the data folder also holds the audit trail and the key ring.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string FileProvider = "File";
    public const string PostgresProvider = "Postgres";
    public const string SqliteProvider = "Sqlite";

    /// <summary>
    /// Which <see cref="IStateStore"/> to use: "Sqlite" (default, one instance, one file in the data folder), "Postgres"
    /// (any number of instances) or "File" (the former JSON files, kept for now; Sqlite imports them).
    /// </summary>
    public string Provider { get; set; } = SqliteProvider;

    /// <summary>Npgsql connection string; required for "Postgres", e.g. "Host=db;Username=mfabot;Password=…;Database=mfabot".</summary>
    public string ConnectionString { get; set; } = "";

    public bool IsPostgres => string.Equals(Provider, PostgresProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether state lives in a database (Sqlite or Postgres), where every delivery's claim can be kept.</summary>
    public bool IsDatabase => IsPostgres || string.Equals(Provider, SqliteProvider, StringComparison.OrdinalIgnoreCase);

    /// <summary>Root of all local data; relative paths resolve against the working directory.</summary>
    public string DataFolder { get; set; } = "./data";

    public string FullDataFolder => Path.GetFullPath(DataFolder);

    /// <summary>
    /// Sqlite only: the most the database file may grow to, in MiB; 0 (default) lets it grow until the disk is full.
    /// Either way a write that finds no room is refused whole, people are asked to try again later, and /readyz reports
    /// not ready for a minute after it.
    /// </summary>
    public int MaxDatabaseMegabytes { get; set; }
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private static readonly string[] KnownProviders = [StorageOptions.SqliteProvider, StorageOptions.PostgresProvider, StorageOptions.FileProvider];

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!KnownProviders.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
            failures.Add($"Storage:Provider must be one of: {string.Join(", ", KnownProviders)}.");
        if (string.IsNullOrWhiteSpace(options.DataFolder))
            failures.Add("Storage:DataFolder must be set.");
        else if (options.DataFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            failures.Add("Storage:DataFolder contains characters that are not valid in a path.");
        if (options.MaxDatabaseMegabytes < 0)
            failures.Add("Storage:MaxDatabaseMegabytes must be 0 (no limit) or a number of MiB.");
        if (options.IsPostgres) ValidateConnectionString(options.ConnectionString, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // The messages never repeat the connection string: it may hold a password.
    private static void ValidateConnectionString(string value, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add("Storage:ConnectionString is required when Storage:Provider is Postgres.");
            return;
        }
        try
        {
            if (string.IsNullOrWhiteSpace(new Npgsql.NpgsqlConnectionStringBuilder(value).Host))
                failures.Add("Storage:ConnectionString must name a Host.");
        }
        catch (ArgumentException)
        {
            failures.Add("Storage:ConnectionString is not a valid Npgsql connection string (Key=Value pairs separated by ';').");
        }
    }
}

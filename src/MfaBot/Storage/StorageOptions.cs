using Microsoft.Extensions.Options;

namespace MfaBot.Storage;

/// <summary>Settings of section "Storage"; the data folder also holds the audit trail and the key ring.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";
    public const string FileProvider = "File";

    /// <summary>Which <see cref="IStateStore"/> to use: "File" (default).</summary>
    public string Provider { get; set; } = FileProvider;

    /// <summary>Root of all local data; relative paths resolve against the working directory.</summary>
    public string DataFolder { get; set; } = "./data";

    public string FullDataFolder => Path.GetFullPath(DataFolder);
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private static readonly string[] KnownProviders = [StorageOptions.FileProvider];

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        if (!KnownProviders.Contains(options.Provider, StringComparer.OrdinalIgnoreCase))
            failures.Add($"Storage:Provider must be one of: {string.Join(", ", KnownProviders)}.");
        if (string.IsNullOrWhiteSpace(options.DataFolder))
            failures.Add("Storage:DataFolder must be set.");
        else if (options.DataFolder.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            failures.Add("Storage:DataFolder contains characters that are not valid in a path.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

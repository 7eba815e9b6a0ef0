using System.Text.RegularExpressions;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets;

/// <summary>
/// Settings of section "Secrets". With no keys, ASP.NET Core Data Protection is used with a key ring under
/// "&lt;DataFolder&gt;/keys". With keys, AES-256-GCM: new data uses the active key, old keys still decrypt.
/// </summary>
public sealed class SecretProtectionOptions
{
    public const string Section = "Secrets";

    public List<SecretKeyOptions> Keys { get; set; } = [];

    public string? ActiveKeyId { get; set; }
}

public sealed class SecretKeyOptions
{
    /// <summary>Written into every envelope: 1–32 of [A-Za-z0-9_-].</summary>
    public string Id { get; set; } = "";

    /// <summary>Base64 of 32 random bytes, e.g. from `openssl rand -base64 32`.</summary>
    public string Key { get; set; } = "";
}

internal sealed partial class SecretProtectionOptionsValidator(IOptions<StorageOptions> storage) : IValidateOptions<SecretProtectionOptions>
{
    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$")]
    private static partial Regex KeyId();

    // Messages name key ids and positions, never key material.
    public ValidateOptionsResult Validate(string? name, SecretProtectionOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (!KeyId().IsMatch(key.Id ?? ""))
                failures.Add($"Secrets:Keys:{i}:Id must be 1-32 of A-Z, a-z, 0-9, '_' or '-'.");
            if (!IsAes256Key(key.Key))
                failures.Add($"Secrets:Keys:{i}:Key must be base64 of exactly 32 bytes.");
        }
        foreach (var duplicate in options.Keys.GroupBy(k => k.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            failures.Add($"Secrets:Keys has the id '{duplicate.Key}' more than once.");
        if (options.Keys.Count > 0 && !options.Keys.Any(k => k.Id == options.ActiveKeyId))
            failures.Add("Secrets:ActiveKeyId must name one of Secrets:Keys.");
        // A Data Protection key ring lives in one instance's data folder; instances sharing a database must share the key.
        if (options.Keys.Count == 0 && storage.Value.IsPostgres)
            failures.Add("Secrets:Keys must hold at least one key when Storage:Provider is Postgres, the same on every instance (see README, Secrets).");
        if (options.Keys.Count == 0 && !string.IsNullOrEmpty(options.ActiveKeyId))
            failures.Add("Secrets:ActiveKeyId is set but Secrets:Keys is empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAes256Key(string? base64)
    {
        Span<byte> buffer = stackalloc byte[33];
        return Convert.TryFromBase64String(base64 ?? "", buffer, out var written) && written == 32;
    }
}

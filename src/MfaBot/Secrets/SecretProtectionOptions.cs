using System.Text.RegularExpressions;
using MfaBot.Storage;
using Microsoft.Extensions.Options;

namespace MfaBot.Secrets;

/// <summary>
/// Settings of section "Secrets". With KmsKeyId, envelope encryption under an AWS KMS key (docs/KMS.md); configured
/// Keys then still open what they sealed. Else with Keys, AES-256-GCM: new data uses the active key, old keys still
/// decrypt. With neither, ASP.NET Core Data Protection with a key ring under "&lt;DataFolder&gt;/keys".
/// </summary>
public sealed class SecretProtectionOptions
{
    public const string Section = "Secrets";

    public List<SecretKeyOptions> Keys { get; set; } = [];

    public string? ActiveKeyId { get; set; }

    /// <summary>The KMS key that wraps data keys: key id, key ARN, alias name ("alias/…") or alias ARN.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>KMS endpoint override (a simulator or a VPC endpoint); unset: the region's public endpoint.</summary>
    public string? KmsServiceUrl { get; set; }

    /// <summary>KMS region when KmsKeyId is not an ARN (an ARN names its own); unset: Iam's signing region.</summary>
    public string? KmsRegion { get; set; }

    /// <summary>A data key encrypts new secrets for at most this long, then a new one is generated.</summary>
    public TimeSpan KmsDataKeyLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>…or for at most this many secrets (random GCM nonces stay far from their collision bound).</summary>
    public int KmsDataKeyMaxUses { get; set; } = 100_000;

    /// <summary>The longest a KMS call may take, retries included; a caller waiting on it blocks no longer.</summary>
    public TimeSpan KmsTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool UsesKms => !string.IsNullOrEmpty(KmsKeyId);
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

    // KMS key references: key id (incl. multi-Region "mrk-…") or alias name, or either as an ARN of any partition.
    private const string KmsKey = "(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|mrk-[0-9a-f]{32})";
    private const string KmsAlias = "alias/[A-Za-z0-9/_-]{1,250}";

    [GeneratedRegex("^(?:arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:(?:key/" + KmsKey + "|" + KmsAlias + ")|" + KmsKey + "|" + KmsAlias + ")$")]
    private static partial Regex KmsKeyReference();

    [GeneratedRegex("^[a-z]{2}(?:-[a-z]+)+-[0-9]+$")]
    private static partial Regex Region();

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
        if (options.Keys.Count == 0 && !options.UsesKms && storage.Value.IsPostgres)
            failures.Add("Secrets:Keys must hold at least one key when Storage:Provider is Postgres, unless Secrets:KmsKeyId is set; the same on every instance (see README, Secrets).");
        ValidateKms(options, failures);
        if (options.Keys.Count == 0 && !string.IsNullOrEmpty(options.ActiveKeyId))
            failures.Add("Secrets:ActiveKeyId is set but Secrets:Keys is empty.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateKms(SecretProtectionOptions options, List<string> failures)
    {
        if (options.UsesKms && !KmsKeyReference().IsMatch(options.KmsKeyId!))
            failures.Add("Secrets:KmsKeyId must be a KMS key id, key ARN, alias name (alias/…) or alias ARN.");
        if (!string.IsNullOrEmpty(options.KmsServiceUrl) && !IsSafeEndpoint(options.KmsServiceUrl))
            failures.Add("Secrets:KmsServiceUrl must be an absolute https URL (plain http only to a loopback host).");
        if (!string.IsNullOrEmpty(options.KmsRegion) && !Region().IsMatch(options.KmsRegion))
            failures.Add("Secrets:KmsRegion must be an AWS region name such as eu-west-1.");
        if (options.KmsDataKeyLifetime <= TimeSpan.Zero)
            failures.Add("Secrets:KmsDataKeyLifetime must be positive.");
        if (options.KmsDataKeyMaxUses < 1)
            failures.Add("Secrets:KmsDataKeyMaxUses must be at least 1.");
        if (options.KmsTimeout < TimeSpan.FromSeconds(1) || options.KmsTimeout > TimeSpan.FromMinutes(2))
            failures.Add("Secrets:KmsTimeout must be between 00:00:01 and 00:02:00.");
    }

    private static bool IsSafeEndpoint(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));

    private static bool IsAes256Key(string? base64)
    {
        Span<byte> buffer = stackalloc byte[33];
        return Convert.TryFromBase64String(base64 ?? "", buffer, out var written) && written == 32;
    }
}

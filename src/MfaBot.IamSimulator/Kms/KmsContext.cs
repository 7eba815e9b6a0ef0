using System.Text.Json.Nodes;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Kms;

/// <summary>What a KMS operation sees: its request, the account (under its gate), the time and the settings.</summary>
internal sealed class KmsContext(KmsRequest request, IamAccount account, DateTimeOffset now, IamSimulatorOptions options)
{
    public KmsRequest Request { get; } = request;
    public IamAccount Account { get; } = account;
    public DateTimeOffset Now { get; } = now;

    public string KeyArn(Guid keyId) => $"arn:aws:kms:{options.Region}:{Account.AccountId}:key/{keyId}";

    private string AliasArn(string alias) => $"arn:aws:kms:{options.Region}:{Account.AccountId}:{alias}";

    /// <summary>
    /// The key a KeyId names: key id, key ARN, alias name or alias ARN, as KMS accepts them. ARNs must be of this
    /// account and region.
    /// </summary>
    public KmsKeyRecord Resolve(string keyId)
    {
        var arnPrefix = $"arn:aws:kms:{options.Region}:{Account.AccountId}:";
        var local = keyId.StartsWith(arnPrefix, StringComparison.Ordinal) ? keyId[arnPrefix.Length..] : keyId;
        if (local.StartsWith("alias/", StringComparison.Ordinal))
        {
            return Account.KmsAliases.TryGetValue(local, out var target) && Account.KmsKeys.TryGetValue(target, out var aliased)
                ? aliased
                : throw KmsException.NotFound($"Alias {AliasArn(local)} is not found.");
        }
        if (local != keyId && local.StartsWith("key/", StringComparison.Ordinal)) local = local[4..];
        if (!Guid.TryParseExact(local, "D", out var id)) throw KmsException.NotFound($"Invalid keyId '{keyId}'");
        return Account.KmsKeys.TryGetValue(id, out var key) ? key : throw KmsException.NotFound($"Key '{KeyArn(id)}' does not exist");
    }

    /// <summary>Resolves, and refuses a disabled key as KMS does for cryptographic operations.</summary>
    public KmsKeyRecord ResolveEnabled(string keyId)
    {
        var key = Resolve(keyId);
        return key.Enabled ? key : throw KmsException.Disabled(KeyArn(key.KeyId));
    }

    public JsonObject Metadata(KmsKeyRecord key) => new()
    {
        ["AWSAccountId"] = Account.AccountId,
        ["KeyId"] = key.KeyId.ToString(),
        ["Arn"] = KeyArn(key.KeyId),
        // JSON 1.1 timestamps are epoch seconds.
        ["CreationDate"] = key.CreationDate.ToUnixTimeMilliseconds() / 1000.0,
        ["Enabled"] = key.Enabled,
        ["Description"] = key.Description,
        ["KeyUsage"] = "ENCRYPT_DECRYPT",
        ["KeyState"] = key.Enabled ? "Enabled" : "Disabled",
        ["Origin"] = "AWS_KMS",
        ["KeyManager"] = "CUSTOMER",
        ["CustomerMasterKeySpec"] = "SYMMETRIC_DEFAULT",
        ["KeySpec"] = "SYMMETRIC_DEFAULT",
        ["EncryptionAlgorithms"] = new JsonArray("SYMMETRIC_DEFAULT"),
        ["MultiRegion"] = false,
    };
}

/// <summary>One KMS operation, named as in X-Amz-Target "TrentService.{Name}".</summary>
/// <param name="Mutates">The state is saved after a successful run.</param>
internal sealed record KmsOperation(string Name, bool Mutates, Func<KmsContext, JsonObject> Run);

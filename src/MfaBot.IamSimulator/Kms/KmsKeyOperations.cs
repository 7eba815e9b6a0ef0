using System.Security.Cryptography;
using System.Text.Json.Nodes;
using MfaBot.IamSimulator.State;

namespace MfaBot.IamSimulator.Kms;

/// <summary>Managing keys: CreateKey, DescribeKey, ListKeys, EnableKey, DisableKey, CreateAlias.</summary>
internal static class KmsKeyOperations
{
    private const int KeyIdMax = 2048;

    public static IEnumerable<KmsOperation> All =>
    [
        new("CreateKey", true, CreateKey),
        new("DescribeKey", false, c => new JsonObject { ["KeyMetadata"] = c.Metadata(c.Resolve(KeyId(c))) }),
        new("ListKeys", false, ListKeys),
        new("EnableKey", true, c => SetEnabled(c, true)),
        new("DisableKey", true, c => SetEnabled(c, false)),
        new("CreateAlias", true, CreateAlias),
    ];

    public static string KeyId(KmsContext c, string member = "KeyId")
    {
        var id = c.Request.String(member, 1, KeyIdMax, required: true);
        c.Request.ThrowIfInvalid();
        return id!;
    }

    public static KmsKeyRecord NewKey(string description, DateTimeOffset now) => new()
    {
        KeyId = Guid.NewGuid(), Description = description, CreationDate = now, Material = RandomNumberGenerator.GetBytes(32),
    };

    private static JsonObject CreateKey(KmsContext c)
    {
        var description = c.Request.String("Description", 0, 8192) ?? "";
        c.Request.Enum("KeyUsage", "ENCRYPT_DECRYPT");
        c.Request.Enum("KeySpec", "SYMMETRIC_DEFAULT");
        c.Request.ThrowIfInvalid();
        var key = NewKey(description, c.Now);
        c.Account.KmsKeys[key.KeyId] = key;
        c.Account.Changed(key);
        return new JsonObject { ["KeyMetadata"] = c.Metadata(key) };
    }

    /// <summary>Ordered by key id so that the marker (the last id returned) pages stably.</summary>
    private static JsonObject ListKeys(KmsContext c)
    {
        var limit = c.Request.Int("Limit", 1, 1000) ?? 100;
        var marker = c.Request.String("Marker", 1, 1024);
        c.Request.ThrowIfInvalid();
        var ordered = c.Account.KmsKeys.Keys.Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
        if (marker is not null && !ordered.Contains(marker)) throw KmsException.InvalidMarker();
        var page = ordered.Where(id => marker is null || string.CompareOrdinal(id, marker) > 0).ToList();
        var shown = page.Take(limit).ToList();
        var reply = new JsonObject
        {
            ["Keys"] = new JsonArray([.. shown.Select(id => new JsonObject { ["KeyId"] = id, ["KeyArn"] = c.KeyArn(Guid.Parse(id)) })]),
            ["Truncated"] = page.Count > limit,
        };
        if (page.Count > limit) reply["NextMarker"] = shown[^1];
        return reply;
    }

    private static JsonObject SetEnabled(KmsContext c, bool enabled)
    {
        var key = c.Resolve(KeyId(c));
        key.Enabled = enabled;
        c.Account.Changed(key);
        return [];
    }

    private static JsonObject CreateAlias(KmsContext c)
    {
        var alias = c.Request.String("AliasName", 1, 256, required: true) ?? "";
        var target = c.Request.String("TargetKeyId", 1, KeyIdMax, required: true) ?? "";
        c.Request.ThrowIfInvalid();
        if (!alias.StartsWith("alias/", StringComparison.Ordinal) || alias.StartsWith("alias/aws/", StringComparison.Ordinal) ||
            !alias.All(ch => char.IsAsciiLetterOrDigit(ch) || ch is '/' or '_' or '-'))
            throw new KmsException("InvalidAliasNameException", "Alias must start with the prefix \"alias/\" and may not begin with \"alias/aws/\".");
        if (c.Account.KmsAliases.ContainsKey(alias)) throw KmsException.AlreadyExists($"An alias with the name {alias} already exists");
        c.Account.KmsAliases[alias] = c.Resolve(target).KeyId;
        c.Account.AliasChanged(alias);
        return [];
    }
}

using System.Text.Json.Nodes;

namespace MfaBot.IamSimulator.Kms;

/// <summary>Envelope encryption: GenerateDataKey hands out a fresh data key with its sealed copy; Decrypt opens the copy.</summary>
internal static class KmsDataKeyOperations
{
    private const int CiphertextMax = 6144;

    public static IEnumerable<KmsOperation> All => [new("GenerateDataKey", false, GenerateDataKey), new("Decrypt", false, Decrypt)];

    private static JsonObject GenerateDataKey(KmsContext c)
    {
        var keyId = c.Request.String("KeyId", 1, 2048, required: true);
        var spec = c.Request.Enum("KeySpec", "AES_256", "AES_128");
        var bytes = c.Request.Int("NumberOfBytes", 1, 1024);
        var context = c.Request.Map("EncryptionContext");
        if ((spec is null) == (bytes is null))
            c.Request.Fail("Please specify either number of bytes or key spec.");
        c.Request.ThrowIfInvalid();
        var key = c.ResolveEnabled(keyId!);
        var plaintext = System.Security.Cryptography.RandomNumberGenerator.GetBytes(bytes ?? (spec == "AES_128" ? 16 : 32));
        return new JsonObject
        {
            ["CiphertextBlob"] = Convert.ToBase64String(KmsCiphertext.Seal(key.KeyId, key.Material, plaintext, context)),
            ["Plaintext"] = Convert.ToBase64String(plaintext),
            ["KeyId"] = c.KeyArn(key.KeyId),
        };
    }

    private static JsonObject Decrypt(KmsContext c)
    {
        var blob = c.Request.Blob("CiphertextBlob", CiphertextMax, required: true);
        var context = c.Request.Map("EncryptionContext");
        var named = c.Request.String("KeyId", 1, 2048);
        c.Request.Enum("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        c.Request.ThrowIfInvalid();
        // A blob that names no key of this account is as opaque to KMS as a damaged one.
        if (KmsCiphertext.KeyOf(blob!) is not { } id || !c.Account.KmsKeys.TryGetValue(id, out var key))
            throw KmsException.InvalidCiphertext();
        if (named is not null && c.Resolve(named).KeyId != key.KeyId) throw KmsException.IncorrectKey();
        if (!key.Enabled) throw KmsException.Disabled(c.KeyArn(key.KeyId));
        return new JsonObject
        {
            ["KeyId"] = c.KeyArn(key.KeyId),
            ["Plaintext"] = Convert.ToBase64String(KmsCiphertext.Open(blob!, key.Material, context)),
            ["EncryptionAlgorithm"] = "SYMMETRIC_DEFAULT",
        };
    }
}

using System.Text.Json;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Kms;

/// <summary>The AWS CLI's kms commands against the standalone simulator, unchanged, as a person trying it would run them.</summary>
public sealed class KmsCliTests
{
    [Fact]
    public async Task Create_list_describe_generate_and_decrypt_work_as_with_kms()
    {
        await using var sim = await SimulatorServer.StartAsync();
        using var aws = new AwsCli(sim.Endpoint);

        var created = await aws.JsonAsync("kms", "create-key", "--description", "mfabot seeds");
        var keyId = created.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        var arn = created.GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
        Assert.Equal($"arn:aws:kms:us-east-1:{SimulatorServer.AccountId}:key/{keyId}", arn);

        var listed = await aws.JsonAsync("kms", "list-keys");
        Assert.Contains(listed.GetProperty("Keys").EnumerateArray(), k => k.GetProperty("KeyArn").GetString() == arn);

        var described = (await aws.JsonAsync("kms", "describe-key", "--key-id", arn)).GetProperty("KeyMetadata");
        Assert.Equal("Enabled", described.GetProperty("KeyState").GetString());
        Assert.Equal("mfabot seeds", described.GetProperty("Description").GetString());

        var dataKey = await aws.JsonAsync("kms", "generate-data-key", "--key-id", keyId, "--key-spec", "AES_256",
            "--encryption-context", "app=mfabot,purpose=test");
        var plaintext = Convert.FromBase64String(dataKey.GetProperty("Plaintext").GetString()!);
        var blob = Convert.FromBase64String(dataKey.GetProperty("CiphertextBlob").GetString()!);
        Assert.Equal(32, plaintext.Length);
        Assert.DoesNotContain(Convert.ToHexString(plaintext), Convert.ToHexString(blob), StringComparison.Ordinal);

        var blobFile = Path.Combine(aws.WorkDir, "blob.bin");
        await File.WriteAllBytesAsync(blobFile, blob);
        var opened = await aws.JsonAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + blobFile, "--encryption-context", "purpose=test,app=mfabot");
        Assert.Equal(plaintext, Convert.FromBase64String(opened.GetProperty("Plaintext").GetString()!));
        Assert.Equal(arn, opened.GetProperty("KeyId").GetString());

        await aws.FailsAsync("InvalidCiphertextException", "kms", "decrypt", "--ciphertext-blob", "fileb://" + blobFile, "--encryption-context", "app=other");
        await aws.FailsAsync("InvalidCiphertextException", "kms", "decrypt", "--ciphertext-blob", "fileb://" + blobFile);
        var sixteen = await aws.JsonAsync("kms", "generate-data-key", "--key-id", arn, "--number-of-bytes", "16");
        Assert.Equal(16, Convert.FromBase64String(sixteen.GetProperty("Plaintext").GetString()!).Length);
    }

    [Fact]
    public async Task Errors_come_with_the_kms_error_codes()
    {
        await using var sim = await KmsDeployment.StartSimulatorAsync();
        using var aws = new AwsCli(sim.Endpoint);
        await aws.FailsAsync("NotFoundException", "kms", "describe-key", "--key-id", "1234abcd-12ab-34cd-56ef-1234567890ab");
        await aws.FailsAsync("NotFoundException", "kms", "generate-data-key", "--key-id", "alias/none", "--key-spec", "AES_256");
        await aws.FailsAsync("ValidationException", "kms", "generate-data-key", "--key-id", KmsDeployment.KeyId);

        await aws.JsonAsync("kms", "create-alias", "--alias-name", "alias/mfabot", "--target-key-id", KmsDeployment.KeyId);
        await aws.JsonAsync("kms", "disable-key", "--key-id", KmsDeployment.KeyArn);
        Assert.Equal("Disabled", (await aws.JsonAsync("kms", "describe-key", "--key-id", "alias/mfabot")).GetProperty("KeyMetadata").GetProperty("KeyState").GetString());
        await aws.FailsAsync("DisabledException", "kms", "generate-data-key", "--key-id", "alias/mfabot", "--key-spec", "AES_256");
    }

    [Fact]
    public async Task A_restarted_simulator_with_the_same_state_file_still_decrypts()
    {
        using var folder = new TempFolder();
        var stateFile = Path.Combine(folder.Path, "state.json");
        JsonElement dataKey;
        string blobFile;
        await using (var first = await KmsDeployment.StartSimulatorAsync(stateFile: stateFile))
        {
            using var aws = new AwsCli(first.Endpoint);
            var made = await aws.JsonAsync("kms", "create-key");
            dataKey = await aws.JsonAsync("kms", "generate-data-key", "--key-id", made.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!,
                "--key-spec", "AES_256", "--encryption-context", "app=mfabot");
            blobFile = Path.Combine(folder.Path, "blob.bin");
            await File.WriteAllBytesAsync(blobFile, Convert.FromBase64String(dataKey.GetProperty("CiphertextBlob").GetString()!));
        }
        // The state file (snapshot) and its journal: the key's material is in one or the other, protected.
        var written = string.Concat(new[] { stateFile, stateFile + ".journal" }.Where(File.Exists).Select(File.ReadAllText));
        Assert.DoesNotContain(dataKey.GetProperty("Plaintext").GetString()!, written, StringComparison.Ordinal);

        await using var second = await KmsDeployment.StartSimulatorAsync(stateFile: stateFile);
        using var again = new AwsCli(second.Endpoint);
        var opened = await again.JsonAsync("kms", "decrypt", "--ciphertext-blob", "fileb://" + blobFile, "--encryption-context", "app=mfabot");
        Assert.Equal(dataKey.GetProperty("Plaintext").GetString(), opened.GetProperty("Plaintext").GetString());
        Assert.Equal(2, (await again.JsonAsync("kms", "list-keys")).GetProperty("Keys").GetArrayLength());
    }
}

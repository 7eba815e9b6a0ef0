using System.Buffers.Text;
using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using MfaBot.Iam;
using MfaBot.Secrets;
using MfaBot.Tests.IamSimulator;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MfaBot.Tests.Kms;

/// <summary>The KMS secret protector against the standalone simulator, through the AWS SDK's KMS client.</summary>
public sealed class KmsProtectorTests : IAsyncLifetime
{
    private const string Purpose = "enrollment.seed";
    private static readonly byte[] Secret = RandomNumberGenerator.GetBytes(20);

    private readonly TempFolder _data = new();
    private readonly List<ServiceProvider> _providers = [];
    private readonly RecordingLoggerProvider _logs = new();
    private SimulatorServer _sim = null!;

    public async Task InitializeAsync() => _sim = await KmsDeployment.StartSimulatorAsync();

    public async Task DisposeAsync()
    {
        foreach (var p in _providers) await p.DisposeAsync();
        await _sim.DisposeAsync();
        _data.Dispose();
    }

    /// <summary>A fresh process's protector: nothing in memory, so every blob it did not make goes through KMS.</summary>
    private ISecretProtector Protector(IDictionary<string, string?>? changes = null)
    {
        var settings = KmsDeployment.BotSettings(_sim);
        settings["Storage:DataFolder"] = _data.Path;
        foreach (var (k, v) in changes ?? new Dictionary<string, string?>()) settings[k] = v;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(_logs))
            .AddIamGateway(configuration.GetSection(IamOptions.Section)).AddSecretProtection(configuration).BuildServiceProvider();
        _providers.Add(services);
        return services.GetRequiredService<ISecretProtector>();
    }

    [Fact]
    public void Round_trip_in_a_kms1_envelope_that_another_process_opens_through_kms()
    {
        var envelope = Protector().Protect(Secret, Purpose);
        var parts = envelope.Split(':');
        Assert.Equal("kms1", parts[0]);
        Assert.Equal(3, parts.Length);
        Assert.NotEqual(envelope, Protector().Protect(Secret, Purpose));
        foreach (var form in new[] { Convert.ToBase64String(Secret).TrimEnd('='), Base64Url.EncodeToString(Secret), Convert.ToHexString(Secret) })
            Assert.DoesNotContain(form, envelope, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(Secret, Protector().Unprotect(envelope, Purpose));
        Assert.Throws<SecretUnavailableException>(() => Protector().Unprotect(envelope, "reset.seed"));
        var logged = string.Join("\n", _logs.Entries.Select(e => e.Message));
        Assert.Contains("AWS KMS envelope encryption", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(parts[1], logged, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_key_stops_a_fresh_process_from_opening_and_enabling_it_again_restores_it()
    {
        var envelope = Protector().Protect(Secret, Purpose);
        using var kms = KmsDeployment.Client(_sim);
        await kms.DisableKeyAsync(new DisableKeyRequest { KeyId = KmsDeployment.KeyId });
        var e = Assert.Throws<SecretUnavailableException>(() => Protector().Unprotect(envelope, Purpose));
        Assert.Contains("DisabledException", e.Message, StringComparison.Ordinal);

        await kms.EnableKeyAsync(new EnableKeyRequest { KeyId = KmsDeployment.KeyId });
        Assert.Equal(Secret, Protector().Unprotect(envelope, Purpose));
    }

    [Fact]
    public void Tampered_envelopes_are_refused()
    {
        var protector = Protector();
        var parts = protector.Protect(Secret, Purpose).Split(':');
        foreach (var part in new[] { 1, 2 })
        {
            var bytes = Base64Url.DecodeFromChars(parts[part]);
            bytes[bytes.Length / 2] ^= 1;
            var tampered = (string[])parts.Clone();
            tampered[part] = Base64Url.EncodeToString(bytes);
            Assert.Throws<SecretUnavailableException>(() => Protector().Unprotect(string.Join(':', tampered), Purpose));
        }
        Assert.Throws<SecretUnavailableException>(() => protector.Unprotect("kms1::" + parts[2], Purpose));
        Assert.Throws<SecretUnavailableException>(() => protector.Unprotect("kms1:" + parts[1], Purpose));
        Assert.Throws<SecretUnavailableException>(() => protector.Unprotect("aes1:a:" + parts[2], Purpose));
    }

    [Fact]
    public async Task A_data_key_made_for_another_encryption_context_is_refused()
    {
        var parts = Protector().Protect(Secret, Purpose).Split(':');
        using var kms = KmsDeployment.Client(_sim);
        var foreign = await kms.GenerateDataKeyAsync(new GenerateDataKeyRequest
        {
            KeyId = KmsDeployment.KeyId, KeySpec = DataKeySpec.AES_256, EncryptionContext = new() { ["app"] = "another-app" },
        });
        var swapped = $"kms1:{Base64Url.EncodeToString(foreign.CiphertextBlob.ToArray())}:{parts[2]}";
        var e = Assert.Throws<SecretUnavailableException>(() => Protector().Unprotect(swapped, Purpose));
        Assert.Contains("encryption context", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Old_aes1_envelopes_still_open_while_their_keys_stay_configured_beside_kms()
    {
        var keys = new Dictionary<string, string?>
        {
            ["Secrets:KmsKeyId"] = null,
            ["Secrets:Keys:0:Id"] = "old",
            ["Secrets:Keys:0:Key"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Secrets:ActiveKeyId"] = "old",
        };
        var before = Protector(keys).Protect(Secret, Purpose);
        Assert.StartsWith("aes1:old:", before, StringComparison.Ordinal);

        keys["Secrets:KmsKeyId"] = KmsDeployment.KeyArn;
        var migrated = Protector(keys);
        Assert.Equal(Secret, migrated.Unprotect(before, Purpose));
        Assert.StartsWith("kms1:", migrated.Protect(Secret, Purpose), StringComparison.Ordinal);
        Assert.Throws<SecretUnavailableException>(() => Protector().Unprotect(before, Purpose));
    }

    [Fact]
    public void Unreachable_kms_fails_within_the_timeout_without_naming_the_secret()
    {
        var closed = $"http://127.0.0.1:{FreePort.Next()}/";
        var protector = Protector(new Dictionary<string, string?> { ["Secrets:KmsServiceUrl"] = closed, ["Secrets:KmsTimeout"] = "00:00:02" });
        var watch = Stopwatch.StartNew();
        var e = Assert.Throws<SecretUnavailableException>(() => protector.Protect(Secret, Purpose));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.DoesNotContain(Convert.ToHexString(Secret), e.ToString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_simulator_refuses_a_kms_call_signed_for_iam_and_an_iam_call_signed_for_kms()
    {
        using var http = new HttpClient();
        async Task<HttpResponseMessage> SendAsync(string body, string service, string? target)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _sim.Endpoint);
            TestSigner.Sign(request, Encoding.UTF8.GetBytes(body), SimulatorServer.AccessKeyId, SimulatorServer.SecretAccessKey, DateTimeOffset.UtcNow, service: service);
            if (target is not null) request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            return await http.SendAsync(request);
        }
        var describe = $$"""{"KeyId":"{{KmsDeployment.KeyId}}"}""";

        var asIam = await SendAsync(describe, "iam", "TrentService.DescribeKey");
        Assert.Equal(HttpStatusCode.BadRequest, asIam.StatusCode);
        var error = JsonNode.Parse(await asIam.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidSignatureException", error["__type"]!.GetValue<string>());
        Assert.Contains("'kms'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);

        var asKms = await SendAsync(describe, "kms", "TrentService.DescribeKey");
        Assert.Equal(HttpStatusCode.OK, asKms.StatusCode);
        Assert.Equal("application/x-amz-json-1.1", asKms.Content.Headers.ContentType?.MediaType);

        var iamAsKms = await SendAsync("Action=GetUser&Version=2010-05-08", "kms", null);
        Assert.Equal(HttpStatusCode.Forbidden, iamAsKms.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await iamAsKms.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

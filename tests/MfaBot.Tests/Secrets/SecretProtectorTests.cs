using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using MfaBot.Secrets;
using MfaBot.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MfaBot.Tests.Secrets;

public sealed class SecretProtectorTests : IDisposable
{
    private const string Purpose = "enrollment.seed";
    private const string Seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    private static readonly byte[] SeedBytes = Encoding.ASCII.GetBytes(Seed);

    private readonly string _keyA = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly string _keyB = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly TempFolder _data = new();
    private readonly List<ServiceProvider> _providers = [];

    public void Dispose()
    {
        foreach (var p in _providers) p.Dispose();
        _data.Dispose();
    }

    private (ISecretProtector Protector, RecordingLoggerProvider Logs) Build(string? activeKeyId, params (string Id, string Key)[] keys)
    {
        var settings = new Dictionary<string, string?> { ["Storage:DataFolder"] = _data.Path, ["Secrets:ActiveKeyId"] = activeKeyId };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"Secrets:Keys:{i}:Id"] = keys[i].Id;
            settings[$"Secrets:Keys:{i}:Key"] = keys[i].Key;
        }
        var logs = new RecordingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging(b => b.AddProvider(logs)).AddSecretProtection(configuration).BuildServiceProvider();
        _providers.Add(services);
        return (services.GetRequiredService<ISecretProtector>(), logs);
    }

    private ISecretProtector Aes(string active = "A") => Build(active, ("A", _keyA), ("B", _keyB)).Protector;

    private ISecretProtector DataProtection() => Build(null).Protector;

    public static TheoryData<bool> Modes => new() { true, false };

    private ISecretProtector Mode(bool aes) => aes ? Aes() : DataProtection();

    [Theory]
    [MemberData(nameof(Modes))]
    public void Round_trip_returns_the_plaintext_and_each_envelope_is_fresh(bool aes)
    {
        var protector = Mode(aes);
        var first = protector.Protect(SeedBytes, Purpose);
        var second = protector.Protect(SeedBytes, Purpose);
        Assert.NotEqual(first, second);
        Assert.Equal(SeedBytes, protector.Unprotect(first, Purpose));
        Assert.Equal(SeedBytes, protector.Unprotect(second, Purpose));
        Assert.StartsWith(aes ? "aes1:A:" : "dp1:", first, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Envelope_carries_no_form_of_the_plaintext(bool aes)
    {
        var envelope = Mode(aes).Protect(SeedBytes, Purpose);
        string[] forms = [Seed, Seed[..16], Convert.ToBase64String(SeedBytes), Base64Url.EncodeToString(SeedBytes), Convert.ToHexString(SeedBytes)];
        foreach (var form in forms)
        {
            Assert.DoesNotContain(form, envelope, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(form[..12], envelope, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Wrong_purpose_is_refused_without_naming_the_secret(bool aes)
    {
        var protector = Mode(aes);
        var envelope = protector.Protect(SeedBytes, Purpose);
        var e = Assert.Throws<SecretUnavailableException>(() => protector.Unprotect(envelope, "reset.seed"));
        Assert.DoesNotContain(Seed[..8], e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(envelope.Split(':')[^1][..16], e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Any_flipped_byte_is_refused(bool aes)
    {
        var protector = Mode(aes);
        var envelope = protector.Protect(SeedBytes, Purpose);
        var head = envelope[..(envelope.LastIndexOf(':') + 1)];
        var payload = Base64Url.DecodeFromChars(envelope.AsSpan(head.Length));
        foreach (var at in new[] { 0, payload.Length / 2, payload.Length - 1 })
        {
            var tampered = (byte[])payload.Clone();
            tampered[at] ^= 0x01;
            Assert.Throws<SecretUnavailableException>(() => protector.Unprotect(head + Base64Url.EncodeToString(tampered), Purpose));
        }
        Assert.Throws<SecretUnavailableException>(() => protector.Unprotect(head + "not*base64", Purpose));
        Assert.Throws<SecretUnavailableException>(() => protector.Unprotect(head, Purpose));
        Assert.Throws<SecretUnavailableException>(() => protector.Unprotect("", Purpose));
    }

    [Fact]
    public void Rotation_keeps_old_envelopes_readable_and_protects_new_ones_with_the_active_key()
    {
        var underA = Build("A", ("A", _keyA)).Protector.Protect(SeedBytes, Purpose);

        var rotated = Aes(active: "B");
        Assert.Equal(SeedBytes, rotated.Unprotect(underA, Purpose));
        var underB = rotated.Protect(SeedBytes, Purpose);
        Assert.StartsWith("aes1:B:", underB, StringComparison.Ordinal);

        var retired = Build("B", ("B", _keyB)).Protector;
        Assert.Equal(SeedBytes, retired.Unprotect(underB, Purpose));
        Assert.Throws<SecretUnavailableException>(() => retired.Unprotect(underA, Purpose));
    }

    [Fact]
    public void Swapping_the_key_id_for_another_configured_key_is_refused()
    {
        var envelope = Aes().Protect(SeedBytes, Purpose);
        Assert.Throws<SecretUnavailableException>(() => Aes().Unprotect(envelope.Replace("aes1:A:", "aes1:B:", StringComparison.Ordinal), Purpose));
    }

    [Fact]
    public void Envelopes_of_the_other_mode_are_refused()
    {
        var dp = DataProtection().Protect(SeedBytes, Purpose);
        var aes = Aes().Protect(SeedBytes, Purpose);
        Assert.Throws<SecretUnavailableException>(() => Aes().Unprotect(dp, Purpose));
        Assert.Throws<SecretUnavailableException>(() => DataProtection().Unprotect(aes, Purpose));
    }

    [Fact]
    public void Data_protection_key_ring_persists_under_the_data_folder_across_restarts()
    {
        var envelope = DataProtection().Protect(SeedBytes, Purpose);
        var ring = Path.Combine(_data.Path, "keys");
        Assert.NotEmpty(Directory.GetFiles(ring, "*.xml"));
        Assert.Equal(SeedBytes, DataProtection().Unprotect(envelope, Purpose));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ring));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void One_information_line_names_the_mode_and_no_key(bool aes)
    {
        var (protector, logs) = aes ? Build("A", ("A", _keyA), ("B", _keyB)) : Build(null);
        protector.Protect(SeedBytes, Purpose);
        protector.Protect(SeedBytes, Purpose);
        var line = Assert.Single(logs.Entries, e => e.Category.StartsWith("MfaBot.Secrets", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Contains(aes ? "AES-256-GCM" : "Data Protection", line.Message, StringComparison.Ordinal);
        var everything = string.Join("\n", logs.Entries.Select(e => e.Message));
        Assert.DoesNotContain(_keyA, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_keyB, everything, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("A", "c2hvcnQ=", "Secrets:Keys:0:Key")]
    [InlineData("Z", null, "Secrets:ActiveKeyId")]
    [InlineData("A", null, "Secrets:Keys:1:Id")]
    public void Bad_key_settings_stop_the_protector_and_name_the_setting_not_the_key(string active, string? keyA, string named)
    {
        var badId = named.EndsWith(":Id", StringComparison.Ordinal) ? "has.dot" : "B";
        var e = Assert.Throws<OptionsValidationException>(() => Build(active, ("A", keyA ?? _keyA), (badId, _keyB)));
        Assert.Contains(named, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_keyB, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_keyA, e.Message, StringComparison.Ordinal);
    }
}

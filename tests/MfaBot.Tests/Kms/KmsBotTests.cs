using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using MfaBot.LeakScan.Scanning;
using MfaBot.Otp;
using MfaBot.Tests.Enrollment;
using MfaBot.Tests.Support;

namespace MfaBot.Tests.Kms;

/// <summary>The bot with Secrets:KmsKeyId against a standalone simulator serving IAM and KMS, as against AWS.</summary>
public sealed class KmsBotTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private static bool IsDoneCard(TestConnector.Call c) =>
        c.Method == "PUT" && TestConnector.CardOf(c)?.ToJsonString().Contains("MFA is on", StringComparison.Ordinal) == true;

    [Fact]
    public async Task An_enrollment_sealed_under_kms_finishes_after_a_restart_that_must_ask_kms_for_the_data_key()
    {
        var clock = new ManualClock();
        await using var sim = await KmsDeployment.StartSimulatorAsync(clock);
        await using var h = await EnrollmentHarness.StartAsync(KmsDeployment.BotSettings(sim), clock);
        var (card, key) = await h.StartEnrollmentAsync(h.Chat());

        // What the data folder holds: the envelope, and the seed in none of its forms.
        var stored = await DataFolderTextAsync(h);
        Assert.Contains("kms1:", stored, StringComparison.Ordinal);
        foreach (var form in SeedForms.Of(Base32.Encode(key)))
            Assert.DoesNotContain(form.Text, stored, StringComparison.OrdinalIgnoreCase);

        await h.RestartAsync();
        var (c1, c2) = h.CodesNow(key);
        var done = await h.SubmitCodesAsync(h.Chat(), card.ResultId, c1, c2, IsDoneCard);
        Assert.Equal(card.ResultId, done.ActivityId);
        var logged = string.Join("\n", h.Logs.Lines);
        Assert.Contains("AWS KMS envelope encryption", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(c1, logged, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1234abcd-12ab-34cd-56ef-1234567890ab", "does not name a KMS key")]
    [InlineData("alias/nothing-here", "does not name a KMS key")]
    public async Task A_key_kms_does_not_know_stops_the_start_with_the_setting_named(string keyId, string expected)
    {
        await using var sim = await KmsDeployment.StartSimulatorAsync();
        using var folder = new TempFolder();
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await (await BotServer.StartAsync(folder.Path, settings: KmsDeployment.BotSettings(sim, keyId))).DisposeAsync());
        Assert.Contains($"Secrets:KmsKeyId '{keyId}' {expected}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_key_stops_the_start_with_the_setting_named()
    {
        await using var sim = await KmsDeployment.StartSimulatorAsync();
        using (var kms = KmsDeployment.Client(sim))
            await kms.DisableKeyAsync(new Amazon.KeyManagementService.Model.DisableKeyRequest { KeyId = KmsDeployment.KeyId });
        using var folder = new TempFolder();
        var e = await Assert.ThrowsAnyAsync<Exception>(async () =>
            await (await BotServer.StartAsync(folder.Path, settings: KmsDeployment.BotSettings(sim))).DisposeAsync());
        Assert.Contains("Secrets:KmsKeyId", e.Message, StringComparison.Ordinal);
        Assert.Contains("Disabled", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_kms_at_start_is_reported_on_readyz_not_as_a_refusal()
    {
        await using var sim = await KmsDeployment.StartSimulatorAsync();
        using var folder = new TempFolder();
        var settings = KmsDeployment.BotSettings(sim);
        settings["Secrets:KmsServiceUrl"] = $"http://127.0.0.1:{FreePort.Next()}/";
        settings["Secrets:KmsTimeout"] = "00:00:02";
        await using var bot = await BotServer.StartAsync(folder.Path, settings: settings);

        var ready = await Http.GetAsync(bot.BaseUrl + "/readyz");
        var report = JsonNode.Parse(await ready.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("Unhealthy", report["checks"]!["kms"]!["status"]!.GetValue<string>());
        Assert.Equal("Healthy", report["checks"]!["iam"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Readyz_names_kms_healthy_when_the_key_answers()
    {
        await using var sim = await KmsDeployment.StartSimulatorAsync();
        using var folder = new TempFolder();
        await using var bot = await BotServer.StartAsync(folder.Path, settings: KmsDeployment.BotSettings(sim));
        var ready = await Http.GetAsync(bot.BaseUrl + "/readyz");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", JsonNode.Parse(await ready.Content.ReadAsStringAsync())!["checks"]!["kms"]!["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("Secrets:KmsKeyId", "not a key", "Secrets:KmsKeyId must be a KMS key id")]
    [InlineData("Secrets:KmsServiceUrl", "http://kms.example.com/", "Secrets:KmsServiceUrl must be an absolute https URL")]
    [InlineData("Secrets:KmsRegion", "Mars", "Secrets:KmsRegion must be an AWS region")]
    public async Task A_bad_kms_setting_stops_the_start_with_the_setting_named(string setting, string value, string expected)
    {
        using var folder = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Secrets:KmsKeyId"] = "alias/mfabot", [setting] = value };
        var e = await Assert.ThrowsAnyAsync<Exception>(async () => await (await BotServer.StartAsync(folder.Path, settings: settings)).DisposeAsync());
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private static async Task<string> DataFolderTextAsync(EnrollmentHarness h)
    {
        var text = new StringBuilder();
        // The running bot holds its lock file exclusively; the database's rows are read as well as its bytes.
        foreach (var file in Directory.EnumerateFiles(h.DataFolder, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".lock", StringComparison.Ordinal)))
            text.Append(Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)));
        return text.Append(StoredState.Text(h.DataFolder)).ToString();
    }
}
